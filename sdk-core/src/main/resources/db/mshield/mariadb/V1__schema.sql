-- MobileShield schema, version 1 (mariadb). Forward-only: later changes come as V2__…, V3__….
-- Documents: versioned JSON bodies with their secondary index values (also in ms_document_index).
CREATE TABLE ms_documents (
    collection  VARCHAR(64)  NOT NULL,
    doc_key     VARCHAR(200) NOT NULL,
    version     BIGINT       NOT NULL,
    body        LONGBLOB        NOT NULL,
    index_text  TEXT         NOT NULL,
    PRIMARY KEY (collection, doc_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE ms_document_index (
    collection  VARCHAR(64)  NOT NULL,
    doc_key     VARCHAR(200) NOT NULL,
    index_name  VARCHAR(64)  NOT NULL,
    index_value VARCHAR(200) NOT NULL,
    PRIMARY KEY (collection, doc_key, index_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
CREATE INDEX ms_document_index_lookup ON ms_document_index (collection, index_name, index_value, doc_key);

-- Unique claims: one owner per (namespace, value).
CREATE TABLE ms_claims (
    namespace   VARCHAR(64)  NOT NULL,
    claim_value VARCHAR(200) NOT NULL,
    owner       VARCHAR(200) NOT NULL,
    PRIMARY KEY (namespace, claim_value)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Counters, changed only by conditional UPDATEs.
CREATE TABLE ms_counters (
    name          VARCHAR(200) NOT NULL PRIMARY KEY,
    counter_value BIGINT       NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Append-only logs; the primary key makes two entries at one position impossible.
CREATE TABLE ms_logs (
    log_name VARCHAR(64) NOT NULL,
    seq      BIGINT      NOT NULL,
    body     LONGBLOB       NOT NULL,
    PRIMARY KEY (log_name, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
