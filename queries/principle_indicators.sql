-- one row per period and municipality in scope, plus each period's pooled total (municipality null)
-- The principle indicators of `nextwork.metrics.principles` that are not KPIs, as numerator,
-- denominator and value. The periods are the filter's period (period_id 0, is_half_year false) and
-- the half-years shown over time (is_half_year true): every half-year overlapping the period, and
-- at least the four up to the one holding the period's last day (or as_of, if earlier). Meetings
-- and companies are counted by the municipality holding them (only the municipality filter
-- applies); everything else by the young person's municipality, with every filter. Beside each
-- count C, key_C is its cell key: the sum of the record_key of the records C counts.
with scope as (
    select unnest($municipalities) as municipality
),

bounds as (
    select
        least($end::date, $as_of::date) as last_day_on,
        make_date(year($start::date), if(month($start::date) <= 6, 1, 7), 1) as first_half_on,
        make_date(year(last_day_on), if(month(last_day_on) <= 6, 1, 7), 1) as last_half_on,
),

half_years as (
    select series.half_year_on::date as period_start_on,
    from bounds
    cross join generate_series(
        least(bounds.first_half_on, (bounds.last_half_on - interval 18 month)::date)::timestamp,
        bounds.last_half_on::timestamp,
        interval 6 month
    ) as series (half_year_on)
),

periods as (
    select
        0 as period_id,
        $start::date as period_start_on,
        $end::date as period_end_on,
        false as is_half_year,
    union all
    select
        row_number() over (order by period_start_on) as period_id,
        period_start_on,
        (period_start_on + interval 6 month - interval 1 day)::date as period_end_on,
        true as is_half_year,
    from half_years
),

participants as (
    select *
    from participants_in_scope($start, $municipalities, $target_groups, $genders, $age_bands)
),

placements as (
    select * from stg_placements
    where participant_key in (select participant_key from participants)
),

-- for the meetings and the companies, only the municipality filter applies
groups as (
    select
        municipality,
        youth_network,
        min(enrolled_on) as first_enrolled_on,
        -- a group runs until its last member exits; while anyone is enrolled, it runs on
        if(bool_or(exited_on is null), null, max(exited_on)) as last_exited_on,
    from stg_participants
    where list_contains($municipalities, municipality) and youth_network is not null
    group by municipality, youth_network
),

-- the meetings of the periods (tables written with the data: `queries/derived`); the bound, from
-- the parameters alone, skips the rest (the earliest half-year starts at most 6 months before
-- $start, or 24 before the last day)
youth_meetings as (
    select
        municipality,
        activity_id,
        held_on,
        -- a meeting's key is the smallest key of its rows (attendances)
        record_key,
    from mart_youth_meetings
    where
        list_contains($municipalities, municipality)
        and held_on between least(
            ($start::date - interval 6 month)::date,
            (least($end::date, $as_of::date) - interval 24 month)::date
        ) and $end::date
),

youth_meetings_held as (
    select
        periods.period_id,
        youth_meetings.municipality,
        youth_meetings.record_key,
    from youth_meetings
    inner join periods
        on youth_meetings.held_on between periods.period_start_on and periods.period_end_on
),

companies as (
    select * from stg_companies
    where list_contains($municipalities, municipality)
),

network_meeting_attendance as (
    select
        company_key,
        held_on,
    from mart_company_meeting_days
    where
        held_on between least(
            ($start::date - interval 6 month)::date,
            (least($end::date, $as_of::date) - interval 24 month)::date
        ) and $end::date
),

network_meeting_attendees as (
    select distinct
        periods.period_id,
        network_meeting_attendance.company_key,
    from network_meeting_attendance
    inner join periods
        on network_meeting_attendance.held_on
        between periods.period_start_on and periods.period_end_on
),

-- placements overlapping each period, by the young person's municipality
placements_flagged as (
    select
        periods.period_id,
        placements.municipality,
        placements.participant_key,
        placements.company_key,
        placements.participant_key || '|' || placements.company_key as pair_key,
        placements.started_on between periods.period_start_on and periods.period_end_on
            as is_started,
        placements.ended_on between periods.period_start_on and periods.period_end_on as is_ended,
        -- both the first and the last day count
        date_diff('day', placements.started_on, placements.ended_on) + 1 as length_days,
        placements.hours_per_week,
        placements.record_key,
    from periods
    inner join placements
        -- a placement started or ended in a period also overlaps it
        on placements.started_on <= periods.period_end_on
        and (placements.ended_on is null or placements.ended_on >= periods.period_start_on)
),

placements_aggregated as (
    select
        periods.period_id,
        scope.municipality,
        count(distinct placements_flagged.pair_key) as count_pairs,
        count(distinct placements_flagged.participant_key) as count_placed_participants,
        count(distinct placements_flagged.company_key) as count_host_companies,
        quantile_cont(placements_flagged.length_days, 0.5) filter (
            where placements_flagged.is_ended
        ) as median_placement_days,
    from periods
    cross join scope
    left join placements_flagged
        on placements_flagged.period_id = periods.period_id
        and placements_flagged.municipality = scope.municipality
    group by grouping sets ((periods.period_id, scope.municipality), (periods.period_id))
),

-- each young person and company pair with a placement overlapping the period, once; a pair's
-- key is the smallest key of its placements there
pairs as (
    select
        period_id,
        municipality,
        pair_key,
        min(record_key) as record_key,
    from placements_flagged
    where pair_key is not null
    group by period_id, municipality, pair_key
),

-- the companies hosting a placement overlapping the period, once per municipality of the young
-- people: a company hosting young people of two municipalities counts once in each and once in
-- the pooled total
host_companies as (
    select distinct
        placements_flagged.period_id,
        placements_flagged.municipality,
        placements_flagged.company_key,
        stg_companies.record_key,
    from placements_flagged
    inner join stg_companies on stg_companies.company_key = placements_flagged.company_key
),

host_companies_per_site as (
    select
        periods.period_id,
        scope.municipality,
        coalesce(sum(host_companies.record_key), 0)::bigint as key_count_host_companies,
    from periods
    cross join scope
    left join host_companies
        on host_companies.period_id = periods.period_id
        and host_companies.municipality = scope.municipality
    group by periods.period_id, scope.municipality
),

pooled_hosts as (
    select distinct
        period_id,
        company_key,
        record_key,
    from host_companies
),

host_companies_pooled as (
    select
        periods.period_id,
        null::varchar as municipality,
        coalesce(sum(pooled_hosts.record_key), 0)::bigint as key_count_host_companies,
    from periods
    left join pooled_hosts on pooled_hosts.period_id = periods.period_id
    group by periods.period_id
),

host_companies_aggregated as (
    select * from host_companies_per_site
    union all by name
    select * from host_companies_pooled
),

-- the companies each young person in a placement had tried by the period's last day
placed_participants as (
    select distinct
        placements_flagged.period_id,
        placements_flagged.municipality,
        placements_flagged.participant_key,
        participants.record_key,
    from placements_flagged
    inner join participants on participants.participant_key = placements_flagged.participant_key
),

companies_tried as (
    select
        placed_participants.period_id,
        placed_participants.municipality,
        placed_participants.participant_key,
        placed_participants.record_key,
        count(distinct placements.company_key) as count_companies,
    from placed_participants
    inner join periods on periods.period_id = placed_participants.period_id
    inner join placements
        on placements.participant_key = placed_participants.participant_key
        and placements.started_on <= periods.period_end_on
    group by
        placed_participants.period_id,
        placed_participants.municipality,
        placed_participants.participant_key,
        placed_participants.record_key
),

active_participants as (
    select
        periods.period_id,
        participants.municipality,
        participants.record_key,
    from periods
    inner join participants
        on participants.enrolled_on <= periods.period_end_on
        and (participants.exited_on is null or participants.exited_on >= periods.period_start_on)
),

group_days as (
    select
        periods.period_id,
        groups.municipality,
        greatest(
            0,
            date_diff(
                'day',
                greatest(groups.first_enrolled_on, periods.period_start_on),
                least(coalesce(groups.last_exited_on, periods.period_end_on), periods.period_end_on)
            ) + 1
        ) as days_running,
    from periods
    cross join groups
),

groups_aggregated as (
    select
        periods.period_id,
        scope.municipality,
        -- a month is a twelfth of an average year: 30.4375 days
        coalesce(sum(group_days.days_running), 0) / 30.4375 as count_group_months,
    from periods
    cross join scope
    left join group_days
        on group_days.period_id = periods.period_id
        and group_days.municipality = scope.municipality
    group by grouping sets ((periods.period_id, scope.municipality), (periods.period_id))
),

companies_flagged as (
    select
        periods.period_id,
        companies.municipality,
        companies.joined_on <= periods.period_end_on
        and (companies.left_on is null or companies.left_on >= periods.period_start_on)
            as is_in_network,
        network_meeting_attendees.company_key is not null as has_attended,
        companies.record_key,
    from periods
    cross join companies
    left join network_meeting_attendees
        on network_meeting_attendees.period_id = periods.period_id
        and network_meeting_attendees.company_key = companies.company_key
),

-- the records counted, each with the period it counts in (period_flag_counts)
flagged as (
    select
        period_id,
        municipality,
        record_key,
        is_started as flag_count_started,
        is_ended as flag_count_ended,
        is_started and hours_per_week >= 15 as flag_count_started_15h,
        is_started and hours_per_week is not null as flag_count_started_hours_known,
    from placements_flagged
    union all by name
    select
        period_id,
        municipality,
        record_key,
        true as flag_count_pairs,
    from pairs
    union all by name
    select
        period_id,
        municipality,
        record_key,
        true as flag_count_placed_participants,
    from placed_participants
    union all by name
    select
        period_id,
        municipality,
        record_key,
        true as flag_count_placed,
        count_companies >= 2 as flag_count_placed_in_two_or_more,
    from companies_tried
    union all by name
    select
        period_id,
        municipality,
        record_key,
        true as flag_count_active,
    from active_participants
    union all by name
    select
        period_id,
        municipality,
        record_key,
        true as flag_count_youth_meetings,
    from youth_meetings_held
    union all by name
    select
        period_id,
        municipality,
        record_key,
        is_in_network as flag_count_in_network,
        is_in_network and has_attended as flag_count_attending,
    from companies_flagged
),

counted as (
    select * from period_flag_counts('flagged', 'periods', $municipalities)
),

final as (
    select
        periods.period_id,
        periods.period_start_on,
        periods.period_end_on,
        periods.is_half_year,
        placements_aggregated.municipality,
        -- mange til mange
        placements_aggregated.count_pairs as num_companies_per_placed_participant,
        placements_aggregated.count_placed_participants as den_companies_per_placed_participant,
        placements_aggregated.count_pairs
        / nullif(placements_aggregated.count_placed_participants, 0)
            as companies_per_placed_participant,
        placements_aggregated.count_pairs as num_participants_per_hosting_company,
        placements_aggregated.count_host_companies as den_participants_per_hosting_company,
        placements_aggregated.count_pairs / nullif(placements_aggregated.count_host_companies, 0)
            as participants_per_hosting_company,
        counted.count_youth_meetings as num_youth_meetings_per_group_month,
        groups_aggregated.count_group_months as den_youth_meetings_per_group_month,
        counted.count_youth_meetings / nullif(groups_aggregated.count_group_months, 0)
            as youth_meetings_per_group_month,
        counted.count_attending as num_company_network_attendance_share,
        counted.count_in_network as den_company_network_attendance_share,
        counted.count_attending / nullif(counted.count_in_network, 0)
            as company_network_attendance_share,
        -- arbejdsidentitet
        counted.count_started as num_placements_per_participant,
        counted.count_active as den_placements_per_participant,
        counted.count_started / nullif(counted.count_active, 0)
            as placements_per_participant,
        counted.count_ended as den_median_placement_days,
        placements_aggregated.median_placement_days,
        counted.count_started_15h as num_placements_15h_share,
        counted.count_started_hours_known as den_placements_15h_share,
        counted.count_started_15h
        / nullif(counted.count_started_hours_known, 0) as placements_15h_share,
        -- magtskifte
        counted.count_placed_in_two_or_more as num_multiple_companies_share,
        counted.count_placed as den_multiple_companies_share,
        counted.count_placed_in_two_or_more / nullif(counted.count_placed, 0)
            as multiple_companies_share,
        -- the cell keys of the counts (den_youth_meetings_per_group_month counts months: no key)
        counted.key_count_pairs as key_num_companies_per_placed_participant,
        counted.key_count_placed_participants as key_den_companies_per_placed_participant,
        counted.key_count_pairs as key_num_participants_per_hosting_company,
        host_companies_aggregated.key_count_host_companies
            as key_den_participants_per_hosting_company,
        counted.key_count_youth_meetings as key_num_youth_meetings_per_group_month,
        counted.key_count_attending as key_num_company_network_attendance_share,
        counted.key_count_in_network as key_den_company_network_attendance_share,
        counted.key_count_started as key_num_placements_per_participant,
        counted.key_count_active as key_den_placements_per_participant,
        counted.key_count_ended as key_den_median_placement_days,
        counted.key_count_started_15h as key_num_placements_15h_share,
        counted.key_count_started_hours_known as key_den_placements_15h_share,
        counted.key_count_placed_in_two_or_more as key_num_multiple_companies_share,
        counted.key_count_placed as key_den_multiple_companies_share,
    from placements_aggregated
    inner join periods on periods.period_id = placements_aggregated.period_id
    inner join counted
        on counted.period_id = placements_aggregated.period_id
        and counted.municipality is not distinct from placements_aggregated.municipality
    inner join groups_aggregated
        on groups_aggregated.period_id = placements_aggregated.period_id
        and groups_aggregated.municipality is not distinct from placements_aggregated.municipality
    inner join host_companies_aggregated
        on host_companies_aggregated.period_id = placements_aggregated.period_id
        and host_companies_aggregated.municipality
        is not distinct from placements_aggregated.municipality
)

select * from final
order by period_id, municipality nulls last
