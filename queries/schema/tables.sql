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
update participants set record_key = floor(random() * 16777216)::bigint where record_key is null;
update companies set record_key = floor(random() * 16777216)::bigint where record_key is null;
update placements set record_key = floor(random() * 16777216)::bigint where record_key is null;
update activities set record_key = floor(random() * 16777216)::bigint where record_key is null;
update outcomes set record_key = floor(random() * 16777216)::bigint where record_key is null;
