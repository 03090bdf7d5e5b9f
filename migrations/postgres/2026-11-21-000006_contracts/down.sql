DROP TABLE contract_mentees;
DROP TABLE contract_indicators;
DROP TABLE contracts;
