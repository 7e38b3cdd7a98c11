-- Dead letters: the four-eyes rule for edited payloads. edited_by is a JSON array of the operators
-- who changed the payload since it was last replayed (NULL when nobody did); none of them may
-- replay that version, a different operator must. A replay clears it. See docs/OPERATOR_API.md.
ALTER TABLE dead_letters ADD COLUMN IF NOT EXISTS edited_by TEXT NULL;
