-- The campaign's name in English (issue 17): the English confirmation SMS quoted the Italian
-- stored name. NULL: the region gave no English name, and the SMS quotes the Italian one.
ALTER TABLE campaigns ADD COLUMN name_en text CHECK (length(name_en) BETWEEN 3 AND 120);
-- The demo campaign already seeded in existing databases; new ones are seeded with it.
UPDATE campaigns SET name_en = 'COVID-19 vaccination for over-80s' WHERE code = 'covid-over80' AND name_en IS NULL;
