/** Keys of a method criterion in selectors.yml (the selection grammar reads the same list). */
export const METHOD_KEYS = [
  'method',
  'value',
  'children',
  'parents',
  'children_depth',
  'parents_depth',
  'childrens_parents',
  'indirect_selection',
  'exclude',
] as const;
