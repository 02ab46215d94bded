-- one row per municipality in scope that is a Danish municipality: its centre, for maps
with municipalities as (
    select * from ref_municipalities
    where list_contains($municipalities, municipality)
),

final as (
    select
        municipality,
        latitude,
        longitude,
    from municipalities
)

select * from final
order by municipality
