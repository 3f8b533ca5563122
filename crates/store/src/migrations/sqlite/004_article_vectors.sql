-- Sentence vectors of the multilingual encoder per article (JSON of SentenceVectors, NULL
-- when the article was stored without the encoder), so that later analyses (a full
-- recompute, `recluster`, incremental updates) still match stories and claims by meaning.
ALTER TABLE articles ADD COLUMN vectors TEXT;
