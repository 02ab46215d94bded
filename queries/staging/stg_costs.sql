-- one row per municipality and year
with costs as (
    select * from costs
),

renamed as (
    select
        municipality,
        year,
        cost_dkk,
        staff_fte,
    from costs
)

select * from renamed
