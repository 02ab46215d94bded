-- The stored data: one table per export file, plus the import log and reference data.
-- Rows of placements, activities and outcomes carry the municipality that owns them,
-- so that a new export replaces one municipality's snapshot and nothing else.
-- Ids are unique per municipality; the importer checks that, not a key constraint,
-- so a snapshot can be deleted and written again in one transaction.
create table if not exists participants (
    municipality varchar not null,
    participant_id varchar not null,
    enrolled_on date not null,
    exited_on date,
    birth_year integer,
    gender varchar,
    target_group varchar,
    youth_network varchar
);

create table if not exists companies (
    municipality varchar not null,
    company_id varchar not null,
    name varchar,
    industry varchar,
    size_band varchar,
    postcode integer,
    latitude double,
    longitude double,
    joined_on date not null,
    left_on date
);

create table if not exists placements (
    municipality varchar not null,
    placement_id varchar not null,
    participant_id varchar not null,
    company_municipality varchar not null,
    company_id varchar not null,
    started_on date not null,
    ended_on date,
    end_reason varchar,
    is_chosen_by_participant boolean,
    hours_per_week double
);

create table if not exists activities (
    municipality varchar not null,
    activity_id varchar not null,
    activity_type varchar not null,
    held_on date not null,
    participant_municipality varchar,
    participant_id varchar,
    company_municipality varchar,
    company_id varchar
);

create table if not exists outcomes (
    municipality varchar not null,
    participant_id varchar not null,
    outcome_type varchar not null,
    started_on date not null,
    ended_on date,
    company_municipality varchar,
    company_id varchar
);

create table if not exists costs (
    municipality varchar not null,
    year integer not null,
    cost_dkk double not null,
    staff_fte double
);

create sequence if not exists import_id_seq;

create table if not exists imports (
    import_id integer primary key default nextval('import_id_seq'),
    started_at timestamp not null,
    finished_at timestamp,
    source varchar,
    status varchar not null,
    municipalities varchar[],
    files json,
    row_counts json,
    count_errors integer,
    count_warnings integer,
    report varchar,
    is_demo boolean not null default false
);

create table if not exists ref_municipalities (
    municipality_code integer primary key,
    municipality varchar not null unique,
    region varchar not null,
    latitude double not null,
    longitude double not null
);

create table if not exists ref_postcodes (
    postcode_from integer not null,
    postcode_to integer not null,
    postcode_name varchar not null,
    latitude double not null,
    longitude double not null
);

create table if not exists meta (
    key varchar primary key,
    value varchar
);

-- Databases made before the demo flag existed get it here.
alter table imports add column if not exists is_demo boolean default false;

-- Every record's random key for the disclosure control (cell-key perturbation): drawn at
-- import, kept when the same record comes again, never derived from an id. Databases made
-- before it existed get keys here.
alter table participants add column if not exists record_key bigint;
alter table companies add column if not exists record_key bigint;
alter table placements add column if not exists record_key bigint;
alter table activities add column if not exists record_key bigint;
alter table outcomes add column if not exists record_key bigint;
update participants set record_key = floor(random() * 16777216)::bigint
where record_key is null;
update companies set record_key = floor(random() * 16777216)::bigint
where record_key is null;
update placements set record_key = floor(random() * 16777216)::bigint
where record_key is null;
update activities set record_key = floor(random() * 16777216)::bigint
where record_key is null;
update outcomes set record_key = floor(random() * 16777216)::bigint
where record_key is null;

-- The randomised trial's register results as the researchers export them: aggregates per
-- municipality, arm (nextwork or control) and week since randomisation, never a person.
-- A trial file replaces them whole. in_job_or_education and the optional counts are null
-- where the statistics agency suppressed the cell. The two keys are the disclosure control's
-- random keys: one per row for the count in job or education, one per municipality, arm and
-- cohort for the number randomised (the same people every week); a third for on_benefits.
create table if not exists trial_results (
    municipality varchar not null,
    arm varchar not null,
    weeks integer not null,
    cohort varchar,
    randomised integer not null,
    in_job_or_education integer,
    in_job integer,
    in_education integer,
    on_benefits integer,
    key_randomised bigint not null,
    key_in_job_or_education bigint not null,
    key_on_benefits bigint
);
alter table trial_results add column if not exists key_on_benefits bigint;

-- Every trial file loaded (a rejected file changes nothing and is not logged here).
create table if not exists trial_loads (
    load_id integer primary key,
    started_at timestamp not null,
    finished_at timestamp not null,
    source varchar,
    count_rows integer not null,
    municipalities varchar[],
    sha256 varchar,
    warnings json
);
