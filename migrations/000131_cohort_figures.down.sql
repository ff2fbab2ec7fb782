DROP TABLE cohort_figures;
