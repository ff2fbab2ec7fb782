-- institution -> department -> programme -> module. Foreign keys carry the
-- institution too, so a row can never point into another tenant.
CREATE TABLE departments (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id bigint NOT NULL REFERENCES institutions (id),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    archived_at    timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (institution_id, id)
);
CREATE UNIQUE INDEX departments_name_key ON departments (institution_id, lower(name));

CREATE TABLE programmes (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id bigint NOT NULL REFERENCES institutions (id),
    department_id  bigint NOT NULL,
    code           text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    level          text NOT NULL CHECK (level IN ('foundation', 'ug', 'pgt', 'pgr')),
    subject_area   text NOT NULL DEFAULT '',
    cohort_size    integer NOT NULL DEFAULT 0 CHECK (cohort_size BETWEEN 0 AND 100000),
    years          integer NOT NULL DEFAULT 3 CHECK (years BETWEEN 1 AND 8),
    archived_at    timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, department_id) REFERENCES departments (institution_id, id)
);
CREATE UNIQUE INDEX programmes_code_key ON programmes (institution_id, lower(code));
CREATE INDEX programmes_department_idx ON programmes (department_id);

CREATE TABLE modules (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id bigint NOT NULL REFERENCES institutions (id),
    department_id  bigint NOT NULL,
    code           text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    credits        integer NOT NULL DEFAULT 20 CHECK (credits BETWEEN 0 AND 240),
    archived_at    timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, department_id) REFERENCES departments (institution_id, id)
);
CREATE UNIQUE INDEX modules_code_key ON modules (institution_id, lower(code));
CREATE INDEX modules_department_idx ON modules (department_id);

-- A module can serve several programmes, in a given year of study.
CREATE TABLE programme_modules (
    institution_id bigint NOT NULL,
    programme_id   bigint NOT NULL,
    module_id      bigint NOT NULL,
    year_of_study  integer NOT NULL CHECK (year_of_study BETWEEN 1 AND 8),
    PRIMARY KEY (programme_id, module_id),
    FOREIGN KEY (institution_id, programme_id) REFERENCES programmes (institution_id, id),
    FOREIGN KEY (institution_id, module_id) REFERENCES modules (institution_id, id)
);
CREATE INDEX programme_modules_module_idx ON programme_modules (module_id);
