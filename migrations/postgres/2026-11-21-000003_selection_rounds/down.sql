DROP TABLE nomination_files;
DROP TABLE nominations;
DROP TABLE round_quotas;
DROP TABLE selection_rounds;
