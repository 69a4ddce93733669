import { describe, expect, it } from 'vitest';
import { lineageOfSelect, type LineageEnvironment, type SelectLineage } from '../../../src/sql/columnLineage.js';
import { parseSelects } from '../../../src/sql/parseSelects.js';

// Upstream tables as a project would know them: null columns = not built, not declared.
const TABLES: Record<string, string[] | null> = {
  payments: ['id', 'order_id', 'payment_method', 'amount'],
  orders: ['order_id', 'customer_id', 'status', 'order_date'],
  customers: ['customer_id', 'first_name', 'last_name', 'address'],
  events: null,
  __dbt__cte__eph: ['k', 'v'],
};

const environment: LineageEnvironment = {
  relation: ({ table }) => (table in TABLES ? { node: `n.${table.replace('__dbt__cte__', '')}`, columns: TABLES[table] ?? null } : null),
  isNodeCte: (name) => name.startsWith('__dbt__cte__'),
};

async function lineage(sql: string): Promise<SelectLineage> {
  const [parsed] = await parseSelects([sql]);
  if (!parsed?.ok) throw new Error(`parse failed: ${parsed && !parsed.ok ? parsed.error : ''}`);
  return lineageOfSelect(parsed.tree, environment);
}

/** `column <- node.col:kind, …` for compact assertions. */
function columns(result: SelectLineage): Record<string, string[]> {
  return Object.fromEntries(result.columns.map((c) => [c.name, c.from.map((f) => `${f.node}.${f.column}:${f.kind}`).sort()]));
}

function clauses(result: SelectLineage): string[] {
  return result.clauses.map((c) => `${c.kind} ${c.node}.${c.column}`).sort();
}

describe('column lineage of a SELECT', () => {
  it('classifies passthrough, renamed, derived and aggregated columns', async () => {
    const result = await lineage(`select order_id, id as payment_id, amount / 100 as amount_usd, sum(amount) as total,
      cast(order_id as varchar) as order_key from payments group by all`);
    expect(columns(result)).toEqual({
      order_id: ['n.payments.order_id:passthrough'],
      payment_id: ['n.payments.id:renamed'],
      amount_usd: ['n.payments.amount:derived'],
      total: ['n.payments.amount:aggregated'],
      order_key: ['n.payments.order_id:derived'],
    });
    expect(result.warnings).toEqual([]);
  });

  it('follows CTEs, joins with aliases, and USING; records join, filter and group-by columns', async () => {
    const result = await lineage(`
      with p as (select order_id, amount from payments where payment_method <> 'coupon'),
           o as (select * from orders)
      select o.customer_id, count(*) as n, sum(p.amount) as clv
      from p join o using (order_id)
      where o.status = 'completed'
      group by 1`);
    expect(columns(result)).toEqual({ customer_id: ['n.orders.customer_id:passthrough'], n: [], clv: ['n.payments.amount:aggregated'] });
    expect(clauses(result)).toEqual([
      'filter n.orders.status',
      'filter n.payments.payment_method',
      'group_by n.orders.customer_id',
      'join n.orders.order_id',
      'join n.payments.order_id',
    ]);
  });

  it('expands *, t.*, * exclude, * replace and * rename from the known upstream columns', async () => {
    const star = await lineage('select * exclude (address) from customers');
    expect(star.columns.map((c) => c.name)).toEqual(['customer_id', 'first_name', 'last_name']);
    const qualified = await lineage('select c.*, o.status from customers c join orders o on c.customer_id = o.customer_id');
    expect(qualified.columns.map((c) => c.name)).toEqual(['customer_id', 'first_name', 'last_name', 'address', 'status']);
    const replaced = await lineage('select * replace (upper(first_name) as first_name) rename (last_name as surname) from customers');
    expect(columns(replaced)['first_name']).toEqual(['n.customers.first_name:derived']);
    expect(columns(replaced)['surname']).toEqual(['n.customers.last_name:renamed']);
    // USING columns appear once in `select *`.
    const using = await lineage('select * from orders join payments using (order_id)');
    expect(using.columns.filter((c) => c.name === 'order_id')).toHaveLength(1);
  });

  it('reads DuckDB-only syntax: QUALIFY, struct paths, list literals, lambdas, window functions', async () => {
    const result = await lineage(`
      select order_id, row_number() over (partition by customer_id order by order_date) as rn,
             sum(amount) over (partition by order_id) as order_total,
             [order_id, customer_id] as ids, list_transform(ids, x -> x + 1) as bumped
      from orders join payments using (order_id)
      qualify rn = 1`);
    const c = columns(result);
    expect(c['rn']).toEqual(['n.orders.customer_id:derived', 'n.orders.order_date:derived']);
    expect(c['order_total']).toEqual(['n.orders.order_id:derived', 'n.payments.amount:aggregated']);
    expect(c['ids']).toEqual(['n.orders.customer_id:derived', 'n.orders.order_id:derived']);
    // `ids` is a lateral alias; `x` is the lambda's parameter, not a column.
    expect(c['bumped']).toEqual(['n.orders.customer_id:derived', 'n.orders.order_id:derived']);
    expect(clauses(result)).toEqual(['filter n.orders.customer_id', 'filter n.orders.order_date', 'join n.orders.order_id', 'join n.payments.order_id']);
    expect(result.warnings).toEqual([]);
  });

  it('unions position by position, and UNION BY NAME by name', async () => {
    const positional = await lineage('select order_id as id, status from orders union all select id, payment_method from payments');
    expect(columns(positional)).toEqual({ id: ['n.orders.order_id:renamed', 'n.payments.id:passthrough'], status: ['n.orders.status:passthrough', 'n.payments.payment_method:renamed'] });
    const byName = await lineage('select order_id, status from orders union all by name select order_id, amount from payments');
    expect(columns(byName)).toEqual({ order_id: ['n.orders.order_id:passthrough', 'n.payments.order_id:passthrough'], status: ['n.orders.status:passthrough'], amount: ['n.payments.amount:passthrough'] });
  });

  it('follows subqueries in FROM, scalar and correlated subqueries, and IN filters', async () => {
    const result = await lineage(`
      select c.customer_id,
             (select max(o.order_date) from orders o where o.customer_id = c.customer_id) as last_order
      from (select customer_id from customers) c
      where c.customer_id in (select customer_id from orders where status = 'shipped')`);
    expect(columns(result)['last_order']).toEqual(['n.orders.order_date:aggregated']);
    expect(clauses(result)).toContain('filter n.orders.status');
    expect(clauses(result)).toContain('filter n.customers.customer_id');
    expect(clauses(result)).toContain('filter n.orders.customer_id');
  });

  it("points at an ephemeral model's node, not into its CTE", async () => {
    const result = await lineage('with __dbt__cte__eph as (select 1 as k, 2 as v) select k as key from __dbt__cte__eph');
    expect(columns(result)).toEqual({ key: ['n.eph.k:renamed'] });
  });

  it('trusts column names on an upstream whose columns are unknown, and says when * cannot expand', async () => {
    const named = await lineage('select user_id, count(*) as n from events group by user_id');
    expect(columns(named)).toEqual({ user_id: ['n.events.user_id:passthrough'], n: [] });
    expect(named.complete).toBe(true);
    const star = await lineage('select * from events');
    expect(star.complete).toBe(false);
    expect(star.reads).toEqual(['n.events']);
    expect(star.warnings.join('\n')).toMatch(/'\*' from n\.events, whose columns are not known/);
  });

  it('warns about tables outside the project and columns it cannot place', async () => {
    const result = await lineage('select a.x, y from somewhere a, events e, elsewhere b');
    expect(result.warnings.some((w) => /somewhere is not a node of the project/.test(w))).toBe(true);
    expect(result.warnings.some((w) => /column 'y' could come from/.test(w))).toBe(true);
  });
});

describe('parseSelects', () => {
  it('parses a batch and reports what it cannot read, one result per statement', async () => {
    const results = await parseSelects(['select 1;', 'select from where', 'create table t as select 1']);
    expect(results.map((r) => r.ok)).toEqual([true, false, false]);
    expect(results[1]!.ok === false && results[1]!.error).toMatch(/syntax error/);
    expect(results[2]!.ok === false && results[2]!.error).toMatch(/Only SELECT/);
  });
});
