{#- A chunk's text is exactly its document's text from start_char to end_char. #}
select c.chunk_id, c.start_char, c.end_char
from {{ ref('chunks') }} c
join {{ ref('documents') }} d on d.document_id = c.document_id
where substr(d.text, c.start_char + 1, c.end_char - c.start_char) <> c.text
