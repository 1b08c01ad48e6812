-- Forwarding to the national FSE 2.0 Gateway (issue 20 item 3; ADR 0014).
--
-- One row per accepted publication, replacement, deletion or metadata update, written
-- in the same transaction as the record's change: it exists if and only if the change
-- committed. The relay sends the rows in id order per chain (a document and every
-- version that replaced it), never two of a chain at once, so the national side sees
-- a replace only after its publication. idempotency_key goes out as the JWT's jti: a
-- resend after a crash between the send and the mark is a duplicate the receiver detects.
CREATE TABLE fse2_forward_outbox (
  id bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  -- The first identificativoDoc of the lineage; a replace inherits its target's chain.
  chain text NOT NULL,
  identificativo_doc text NOT NULL,
  operation text NOT NULL
    CHECK (operation IN ('create', 'validate-and-create', 'replace', 'validate-and-replace', 'delete', 'metadata')),
  -- The national request: path target, requestBody DTO and the producer's claims.
  request jsonb NOT NULL,
  -- The PDF of a publication or replacement, kept until it is forwarded (then NULL).
  file bytea,
  accepted_at timestamptz NOT NULL DEFAULT now(),
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'forwarded', 'refused')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- A relay holds a row it is sending until then; a relay that died lets it go by itself.
  leased_until timestamptz,
  last_cause text,
  last_error text,
  -- A permanent refusal: the national error body, for the person who resolves it.
  national_error jsonb,
  national_workflow_instance_id text,
  forwarded_at timestamptz
);
-- The heads of the chains not yet forwarded: what the relay claims, in order.
CREATE INDEX fse2_forward_outbox_open ON fse2_forward_outbox (chain, id) WHERE state <> 'forwarded';
CREATE INDEX fse2_forward_outbox_doc ON fse2_forward_outbox (identificativo_doc);
