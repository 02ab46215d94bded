-- one row per municipality in scope, plus the pooled total: how soon new young people start a
-- placement
with flagged as (
    select
        municipality,
        record_key,
        days_to_first_placement,
        (enrolled_on + interval 3 month)::date <= $as_of as is_followed_3m,
        is_followed_3m and first_placement_on <= (enrolled_on + interval 3 month)::date
            as flag_num_placement_within_3m_share,
        is_followed_3m as flag_den_placement_within_3m_share,
        days_to_first_placement is not null as flag_den_median_days_to_first_placement,
    from new_participant_first_placements(
            $start, $end, $municipalities, $target_groups, $genders, $age_bands
        )
),

medians as (
    select
        municipality,
        quantile_cont(days_to_first_placement, 0.5) as median_days_to_first_placement,
    from flagged
    group by grouping sets ((municipality), ())
),

aggregated as (
    select
        counted.*,
        medians.median_days_to_first_placement,
    from flag_counts('flagged', $municipalities) as counted
    left join medians on medians.municipality is not distinct from counted.municipality
),

final as (
    select
        *,
        num_placement_within_3m_share / nullif(den_placement_within_3m_share, 0)
            as placement_within_3m_share,
    from aggregated
)

select * from final
