-- Evaluation codes: the vocabulary an institution codes its activities
-- with, modelled on TASO's post-entry MOAT (activity type and sub-type,
-- delivery mode, intended beneficiaries, outcomes with suggested measures)
-- and the OfS Equality of Opportunity Risk Register.
--
-- Each institution keeps its own set (an admin replaces it by loading a
-- CSV), so activities point at codes of their own institution and one
-- institution's import never touches another's. A new institution starts
-- from the shipped set in evaluation_code_defaults (copied by a trigger).
CREATE TABLE evaluation_code_defaults (
    position      integer PRIMARY KEY,
    category      text NOT NULL,
    code          text NOT NULL UNIQUE,
    label         text NOT NULL,
    parent_code   text,
    description   text NOT NULL DEFAULT '',
    suggested_for text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE evaluation_codes (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id bigint NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    category       text NOT NULL CHECK (category IN ('type', 'subtype', 'mode', 'beneficiary', 'outcome', 'measure', 'risk')),
    code           text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
    label          text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    -- A sub-type names its type, a measure its outcome; nothing else has a parent.
    parent_code    text CHECK ((parent_code IS NOT NULL) = (category IN ('subtype', 'measure'))),
    description    text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
    -- Activity kinds for which the form marks this code as suggested.
    suggested_for  text[] NOT NULL DEFAULT '{}',
    position       integer NOT NULL,
    UNIQUE (institution_id, id),
    UNIQUE (institution_id, code)
);

-- The codes an activity carries: at most one type or sub-type and one
-- delivery mode (the form enforces it), any number of the others.
CREATE TABLE activity_codes (
    institution_id bigint NOT NULL,
    activity_id    bigint NOT NULL,
    code_id        bigint NOT NULL,
    PRIMARY KEY (activity_id, code_id),
    FOREIGN KEY (institution_id, activity_id) REFERENCES activities (institution_id, id) ON DELETE CASCADE,
    FOREIGN KEY (institution_id, code_id) REFERENCES evaluation_codes (institution_id, id) ON DELETE CASCADE
);
CREATE INDEX activity_codes_code_idx ON activity_codes (code_id, activity_id);

INSERT INTO evaluation_code_defaults (position, category, code, label, parent_code, description, suggested_for) VALUES
(1,  'type', 'transition-into-he', 'Transition into HE', NULL, 'Helping students arrive, settle and find their people in their first weeks and months.', '{induction,extended_induction}'),
(2,  'type', 'transition-within-he', 'Transition within HE', NULL, 'Supporting students as they move between years, levels or modes of study.', '{}'),
(3,  'type', 'peer-support', 'Peer support and mentoring', NULL, 'Students supporting students, formally or informally.', '{mentoring,ambassadors}'),
(4,  'type', 'academic-community', 'Academic community', NULL, 'Bringing students into the discipline''s community of learners and researchers.', '{meet_researcher,research_conference,small_group}'),
(5,  'type', 'social-connection', 'Social connection', NULL, 'Chances for the cohort to meet and get to know each other outside teaching.', '{social,shared_space}'),
(6,  'type', 'co-creation', 'Co-creation with students', NULL, 'Students as partners in shaping their course and its resources.', '{co_created_resource}'),
(7,  'subtype', 'welcome-events', 'Welcome and induction events', 'transition-into-he', 'A welcome, orientation or induction day or week.', '{induction}'),
(8,  'subtype', 'extended-induction', 'Induction through the first year', 'transition-into-he', 'Induction that carries on past welcome week, through terms 1 and 2.', '{extended_induction}'),
(9,  'subtype', 'pre-arrival-contact', 'Contact before arrival', 'transition-into-he', 'Letters, online meet-ups or buddies before students arrive.', '{}'),
(10, 'subtype', 'next-year-transition', 'Moving into the next year', 'transition-within-he', 'Preparing for the step up to the next level of study.', '{}'),
(11, 'subtype', 'return-to-study', 'Returning to study', 'transition-within-he', 'Coming back after a placement, year abroad or break in study.', '{}'),
(12, 'subtype', 'peer-mentoring', 'Peer mentoring', 'peer-support', 'Trained students paired with newer students.', '{mentoring}'),
(13, 'subtype', 'student-ambassadors', 'Student ambassadors', 'peer-support', 'Students who represent and welcome others to the course.', '{ambassadors}'),
(14, 'subtype', 'meet-researchers', 'Meeting researchers', 'academic-community', 'Students meet staff and hear about their research.', '{meet_researcher}'),
(15, 'subtype', 'student-research', 'Student research showcases', 'academic-community', 'Students present their own work to peers and staff.', '{research_conference}'),
(16, 'subtype', 'learning-communities', 'Small-group learning communities', 'academic-community', 'Tutor groups or learning sets that stay together.', '{small_group}'),
(17, 'subtype', 'social-events', 'Informal social gatherings', 'social-connection', 'Coffee mornings, shared meals, walks.', '{social}'),
(18, 'subtype', 'shared-spaces', 'Shared spaces', 'social-connection', 'A place for the cohort to meet, study and talk.', '{shared_space}'),
(19, 'subtype', 'co-created-resources', 'Resources made with students', 'co-creation', 'Guides, podcasts or materials students helped to make.', '{co_created_resource}'),
(20, 'mode', 'in-person', 'In person', NULL, '', '{}'),
(21, 'mode', 'online', 'Online', NULL, '', '{}'),
(22, 'mode', 'hybrid', 'Hybrid', NULL, 'In person with an online option at the same time.', '{}'),
(23, 'mode', 'self-directed', 'Self-directed resource', NULL, 'Something students use on their own, when they choose.', '{}'),
(24, 'beneficiary', 'whole-cohort', 'The whole cohort', NULL, 'Open to every student on the programme or module.', '{}'),
(25, 'beneficiary', 'first-in-family', 'First in their family at university', NULL, '', '{}'),
(26, 'beneficiary', 'commuters', 'Commuter students', NULL, '', '{}'),
(27, 'beneficiary', 'carers', 'Students with caring responsibilities', NULL, '', '{}'),
(28, 'beneficiary', 'mature', 'Mature students', NULL, '', '{}'),
(29, 'beneficiary', 'disabled', 'Disabled students', NULL, '', '{}'),
(30, 'beneficiary', 'global-majority', 'Black, Asian and minority ethnic students', NULL, '', '{}'),
(31, 'beneficiary', 'lower-income', 'Students from lower-income households', NULL, '', '{}'),
(32, 'beneficiary', 'care-experienced', 'Care-experienced and estranged students', NULL, '', '{}'),
(33, 'beneficiary', 'international', 'International students', NULL, '', '{}'),
(34, 'outcome', 'belonging', 'A stronger sense of belonging', NULL, 'Students feel they fit in, are accepted and matter on their course.', '{}'),
(35, 'measure', 'belonging-pulse', 'Belonging pulse survey before and after', 'belonging', '', '{}'),
(36, 'measure', 'belonging-words', 'Students'' own words about fitting in', 'belonging', '', '{}'),
(37, 'outcome', 'peer-connection', 'More connections with peers', NULL, '', '{}'),
(38, 'measure', 'peers-named', 'Course peers a student could ask for help', 'peer-connection', '', '{}'),
(39, 'measure', 'return-attendance', 'Students coming back to later sessions', 'peer-connection', '', '{}'),
(40, 'outcome', 'staff-relationships', 'Better relationships with staff', NULL, '', '{}'),
(41, 'measure', 'staff-approachable', 'Survey item: staff are approachable', 'staff-relationships', '', '{}'),
(42, 'outcome', 'academic-confidence', 'Greater academic confidence', NULL, '', '{}'),
(43, 'measure', 'self-efficacy', 'Academic self-efficacy scale', 'academic-confidence', '', '{}'),
(44, 'measure', 'engagement', 'Attendance and online learning activity', 'academic-confidence', '', '{}'),
(45, 'outcome', 'wellbeing', 'Better wellbeing', NULL, '', '{}'),
(46, 'measure', 'wellbeing-scale', 'A short validated wellbeing scale', 'wellbeing', '', '{}'),
(47, 'outcome', 'continuation', 'Continuing into the next year', NULL, '', '{}'),
(48, 'measure', 'continuation-rate', 'The cohort''s continuation rate', 'continuation', '', '{}'),
(49, 'risk', 'eorr-1', 'Knowledge and skills', NULL, '', '{}'),
(50, 'risk', 'eorr-2', 'Information and guidance', NULL, '', '{}'),
(51, 'risk', 'eorr-3', 'Perception of higher education', NULL, '', '{}'),
(52, 'risk', 'eorr-4', 'Application success rates', NULL, '', '{}'),
(53, 'risk', 'eorr-5', 'Limited choice of course type and delivery mode', NULL, '', '{}'),
(54, 'risk', 'eorr-6', 'Insufficient academic support', NULL, '', '{}'),
(55, 'risk', 'eorr-7', 'Insufficient personal support', NULL, '', '{}'),
(56, 'risk', 'eorr-8', 'Mental health', NULL, '', '{}'),
(57, 'risk', 'eorr-9', 'Ongoing impacts of coronavirus', NULL, '', '{}'),
(58, 'risk', 'eorr-10', 'Cost pressures', NULL, '', '{}'),
(59, 'risk', 'eorr-11', 'Capacity issues', NULL, '', '{}'),
(60, 'risk', 'eorr-12', 'Progression from higher education', NULL, '', '{}');

INSERT INTO evaluation_codes (institution_id, category, code, label, parent_code, description, suggested_for, position)
SELECT i.id, d.category, d.code, d.label, d.parent_code, d.description, d.suggested_for, d.position
FROM institutions i CROSS JOIN evaluation_code_defaults d;

CREATE FUNCTION evaluation_codes_for_new_institution() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO evaluation_codes (institution_id, category, code, label, parent_code, description, suggested_for, position)
    SELECT NEW.id, d.category, d.code, d.label, d.parent_code, d.description, d.suggested_for, d.position
    FROM evaluation_code_defaults d;
    RETURN NEW;
END;
$$;

CREATE TRIGGER institutions_evaluation_codes AFTER INSERT ON institutions
    FOR EACH ROW EXECUTE FUNCTION evaluation_codes_for_new_institution();
