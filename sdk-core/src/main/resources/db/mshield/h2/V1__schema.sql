-- MobileShield schema, version 1 (h2). Forward-only: later changes come as V2__…, V3__….
-- Documents: versioned JSON bodies with their secondary index values (also in ms_document_index).
CREATE TABLE ms_documents (
    collection  VARCHAR(64)  NOT NULL,
    doc_key     VARCHAR(200) NOT NULL,
    version     BIGINT       NOT NULL,
    body        BLOB        NOT NULL,
    index_text  CHARACTER VARYING(1000000)         NOT NULL,
    PRIMARY KEY (collection, doc_key)
);

CREATE TABLE ms_document_index (
    collection  VARCHAR(64)  NOT NULL,
    doc_key     VARCHAR(200) NOT NULL,
    index_name  VARCHAR(64)  NOT NULL,
    index_value VARCHAR(200) NOT NULL,
    PRIMARY KEY (collection, doc_key, index_name)
);
CREATE INDEX ms_document_index_lookup ON ms_document_index (collection, index_name, index_value, doc_key);

-- Unique claims: one owner per (namespace, value).
CREATE TABLE ms_claims (
    namespace   VARCHAR(64)  NOT NULL,
    claim_value VARCHAR(200) NOT NULL,
    owner       VARCHAR(200) NOT NULL,
    PRIMARY KEY (namespace, claim_value)
);

-- Counters, changed only by conditional UPDATEs.
CREATE TABLE ms_counters (
    name          VARCHAR(200) NOT NULL PRIMARY KEY,
    counter_value BIGINT       NOT NULL
);

-- Append-only logs; the primary key makes two entries at one position impossible.
CREATE TABLE ms_logs (
    log_name VARCHAR(64) NOT NULL,
    seq      BIGINT      NOT NULL,
    body     BLOB       NOT NULL,
    PRIMARY KEY (log_name, seq)
);
