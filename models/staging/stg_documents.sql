-- Documents with whitespace trimmed and empty bodies dropped.
select
    doc_id,
    source,
    trim(title) as title,
    trim(body) as body,
    cast(updated_at as timestamp) as updated_at
from {{ ref('raw_documents') }}
where trim(coalesce(body, '')) <> ''
