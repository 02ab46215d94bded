-- one row per municipality in scope (plus the pooled total), dimension and category: active young
-- people
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with scope as (
    select unnest($municipalities) as municipality
),

categories as (
    select *
    from (
        values
        (1, 'target_group', 1, 'job_ready'),
        (1, 'target_group', 2, 'education_ready'),
        (1, 'target_group', 3, 'activity_ready'),
        (1, 'target_group', 4, 'other'),
        (1, 'target_group', 5, 'unknown'),
        (2, 'gender', 1, 'female'),
        (2, 'gender', 2, 'male'),
        (2, 'gender', 3, 'other'),
        (2, 'gender', 4, 'unknown'),
        (3, 'age_band', 1, 'under 18'),
        (3, 'age_band', 2, '18-24'),
        (3, 'age_band', 3, '25-29'),
        (3, 'age_band', 4, '30+'),
        (3, 'age_band', 5, 'unknown')
    ) as categories (dimension_order, dimension, category_order, category)  -- noqa: AL05
),

active_participants as (
    select *
    from participants_in_scope($start, $municipalities, $target_groups, $genders, $age_bands)
    where enrolled_on <= $end and (exited_on is null or exited_on >= $start)
),

described as (
    select
        municipality,
        record_key,
        dimension,
        category,
    from (
        select
            municipality,
            record_key,
            target_group,
            gender,
            age_band,
        from active_participants
    ) as described
    unpivot (category for dimension in (target_group, gender, age_band))
),

counted as (
    select
        scope.municipality,
        categories.dimension_order,
        categories.dimension,
        categories.category_order,
        categories.category,
        count(described.category) as count_participants,
        coalesce(sum(described.record_key), 0)::bigint as key_count_participants,
    from scope
    cross join categories
    left join described
        on described.municipality = scope.municipality
        and described.dimension = categories.dimension
        and described.category = categories.category
    group by grouping sets (
        (
            scope.municipality,
            categories.dimension_order,
            categories.dimension,
            categories.category_order,
            categories.category
        ),
        (
            categories.dimension_order,
            categories.dimension,
            categories.category_order,
            categories.category
        )
    )
),

final as (
    select
        *,
        count_participants / nullif(
            sum(count_participants) over (partition by municipality, dimension), 0
        ) as share_of_active,
        -- the active young people, whom the share is of
        sum(count_participants) over (partition by municipality, dimension)::bigint
            as count_active,
        sum(key_count_participants) over (partition by municipality, dimension)::bigint
            as key_count_active,
    from counted
)

select * from final
order by dimension_order, category_order, municipality nulls last
