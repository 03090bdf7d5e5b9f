DROP TABLE milestone_reports;
DROP TABLE plan_versions;
DROP TABLE training_plans;
