DROP TABLE benefit_quotas;
DROP TABLE benefits;
