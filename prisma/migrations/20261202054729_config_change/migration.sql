-- CreateTable
CREATE TABLE "ConfigChange" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "before" JSONB NOT NULL,
    "after" JSONB NOT NULL,

    CONSTRAINT "ConfigChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConfigChange_kind_at_idx" ON "ConfigChange"("kind", "at");

-- The configuration audit is append-only: refuse UPDATE and DELETE of its rows.
CREATE FUNCTION "config_change_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ConfigChange is append-only (% refused)', TG_OP;
END;
$$;

CREATE TRIGGER "ConfigChange_append_only"
  BEFORE UPDATE OR DELETE ON "ConfigChange"
  FOR EACH ROW EXECUTE FUNCTION "config_change_append_only"();
