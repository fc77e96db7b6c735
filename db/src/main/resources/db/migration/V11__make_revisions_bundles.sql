-- Applications as bundles: a revision holds a list of Kubernetes resources (any kinds, the Kruise workloads among
-- them stepped batch by batch) and the overrides that adapt it per cluster. An application's kind becomes optional:
-- set, it names the kind of the first Kruise workload every revision must hold (as before, where a revision was
-- that one workload); unset, a revision may hold any workloads or none.
ALTER TABLE application ALTER COLUMN kind DROP NOT NULL;

ALTER TABLE application_revision
    ADD COLUMN resources JSONB,
    ADD COLUMN overrides JSONB NOT NULL DEFAULT '[]'::jsonb;
-- a revision made of one manifest is the bundle of that manifest
UPDATE application_revision SET resources = jsonb_build_array(manifest);
ALTER TABLE application_revision
    ALTER COLUMN resources SET NOT NULL,
    -- the first Kruise workload of the bundle, as posted; null when the bundle holds none
    ALTER COLUMN manifest DROP NOT NULL;
