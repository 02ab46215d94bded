-- One entry of the import log (an accepted import, or a rejected one moved in from the side
-- file), into the new database file attached as `target`.
insert into target.imports (
    import_id, started_at, finished_at, source, status, municipalities, files, row_counts,
    count_errors, count_warnings, report, is_demo
)
values (
    $import_id, $started_at, $finished_at, $source, $status, $municipalities, $files,
    $row_counts, $count_errors, $count_warnings, $report, $is_demo
);
