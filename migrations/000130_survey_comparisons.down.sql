DROP TABLE survey_comparisons;
