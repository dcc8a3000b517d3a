-- The tables of Quartz.NET's ADO job store (qrtz_ prefix), used when Scheduling:Clustered=true:
-- jobs, triggers and the cluster's check-ins live here, so each cron firing runs on one node.
-- Numbered from 0101: changes only the PostgreSQL store has keep clear of the shared numbers.
-- Column names and types are those the job store of Quartz.NET 4.7 reads and writes on PostgreSQL
-- (its optional execution-history tables are not used here).
CREATE TABLE qrtz_job_details (
    sched_name        text NOT NULL,
    job_name          text NOT NULL,
    job_group         text NOT NULL,
    description       text,
    job_class_name    text NOT NULL,
    is_durable        boolean NOT NULL,
    is_nonconcurrent  boolean NOT NULL,
    is_update_data    boolean NOT NULL,
    requests_recovery boolean NOT NULL,
    job_data          bytea,
    CONSTRAINT pk_qrtz_job_details PRIMARY KEY (sched_name, job_name, job_group)
);

CREATE TABLE qrtz_triggers (
    sched_name             text NOT NULL,
    trigger_name           text NOT NULL,
    trigger_group          text NOT NULL,
    job_name               text NOT NULL,
    job_group              text NOT NULL,
    description            text,
    next_fire_time         bigint,
    prev_fire_time         bigint,
    priority               integer,
    trigger_state          text NOT NULL,
    trigger_type           text NOT NULL,
    start_time             bigint NOT NULL,
    end_time               bigint,
    calendar_name          text,
    misfire_instr          smallint,
    misfire_orig_fire_time bigint,
    execution_group        text,
    preferred_node         text,
    preferred_node_auto    boolean NOT NULL DEFAULT false,
    retry_policy           text,
    retry_attempt          integer,
    continues_trigger_name  text,
    continues_trigger_group text,
    continuation_condition integer,
    overlap_policy         integer,
    pause_reason           text,
    paused_by              text,
    paused_at              bigint,
    misfire_threshold      bigint,
    fixed_delay            boolean,
    job_data               bytea,
    CONSTRAINT pk_qrtz_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT fk_qrtz_triggers_job FOREIGN KEY (sched_name, job_name, job_group)
        REFERENCES qrtz_job_details (sched_name, job_name, job_group)
);

CREATE TABLE qrtz_simple_triggers (
    sched_name      text NOT NULL,
    trigger_name    text NOT NULL,
    trigger_group   text NOT NULL,
    repeat_count    bigint NOT NULL,
    repeat_interval bigint NOT NULL,
    times_triggered bigint NOT NULL,
    CONSTRAINT pk_qrtz_simple_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT fk_qrtz_simple_triggers FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE qrtz_simprop_triggers (
    sched_name    text NOT NULL,
    trigger_name  text NOT NULL,
    trigger_group text NOT NULL,
    str_prop_1    text,
    str_prop_2    text,
    str_prop_3    text,
    int_prop_1    integer,
    int_prop_2    integer,
    long_prop_1   bigint,
    long_prop_2   bigint,
    dec_prop_1    numeric,
    dec_prop_2    numeric,
    bool_prop_1   boolean,
    bool_prop_2   boolean,
    time_zone_id  text,
    CONSTRAINT pk_qrtz_simprop_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT fk_qrtz_simprop_triggers FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE qrtz_cron_triggers (
    sched_name      text NOT NULL,
    trigger_name    text NOT NULL,
    trigger_group   text NOT NULL,
    cron_expression text NOT NULL,
    time_zone_id    text,
    CONSTRAINT pk_qrtz_cron_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT fk_qrtz_cron_triggers FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE qrtz_blob_triggers (
    sched_name    text NOT NULL,
    trigger_name  text NOT NULL,
    trigger_group text NOT NULL,
    blob_data     bytea,
    CONSTRAINT pk_qrtz_blob_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT fk_qrtz_blob_triggers FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE qrtz_calendars (
    sched_name    text NOT NULL,
    calendar_name text NOT NULL,
    calendar      bytea NOT NULL,
    CONSTRAINT pk_qrtz_calendars PRIMARY KEY (sched_name, calendar_name)
);

CREATE TABLE qrtz_paused_trigger_grps (
    sched_name    text NOT NULL,
    trigger_group text NOT NULL,
    pause_reason  text,
    paused_by     text,
    paused_at     bigint,
    CONSTRAINT pk_qrtz_paused_trigger_grps PRIMARY KEY (sched_name, trigger_group)
);

CREATE TABLE qrtz_paused_job_grps (
    sched_name   text NOT NULL,
    job_group    text NOT NULL,
    pause_reason text,
    paused_by    text,
    paused_at    bigint,
    CONSTRAINT pk_qrtz_paused_job_grps PRIMARY KEY (sched_name, job_group)
);

CREATE TABLE qrtz_fired_triggers (
    sched_name        text NOT NULL,
    entry_id          text NOT NULL,
    trigger_name      text NOT NULL,
    trigger_group     text NOT NULL,
    instance_name     text NOT NULL,
    fired_time        bigint NOT NULL,
    sched_time        bigint NOT NULL,
    priority          integer NOT NULL,
    state             text NOT NULL,
    job_name          text,
    job_group         text,
    is_nonconcurrent  boolean NOT NULL,
    requests_recovery boolean,
    execution_group   text,
    progress          integer,
    progress_message  text,
    interrupt_requested_time bigint,
    CONSTRAINT pk_qrtz_fired_triggers PRIMARY KEY (sched_name, entry_id)
);

CREATE TABLE qrtz_scheduler_state (
    sched_name        text NOT NULL,
    instance_name     text NOT NULL,
    last_checkin_time bigint NOT NULL,
    checkin_interval  bigint NOT NULL,
    quartz_version    text,
    CONSTRAINT pk_qrtz_scheduler_state PRIMARY KEY (sched_name, instance_name)
);

CREATE TABLE qrtz_locks (
    sched_name text NOT NULL,
    lock_name  text NOT NULL,
    CONSTRAINT pk_qrtz_locks PRIMARY KEY (sched_name, lock_name)
);

-- The job store looks triggers up by state and next fire time, and fired triggers by instance
-- (a node that stopped checking in has its firings recovered by the others).
CREATE INDEX ix_qrtz_triggers_state_next ON qrtz_triggers (sched_name, trigger_state, next_fire_time);
CREATE INDEX ix_qrtz_triggers_next ON qrtz_triggers (sched_name, next_fire_time);
CREATE INDEX ix_qrtz_triggers_job ON qrtz_triggers (sched_name, job_name, job_group);
CREATE INDEX ix_qrtz_triggers_group ON qrtz_triggers (sched_name, trigger_group, trigger_name);
CREATE INDEX ix_qrtz_fired_instance ON qrtz_fired_triggers (sched_name, instance_name);
CREATE INDEX ix_qrtz_fired_trigger ON qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
CREATE INDEX ix_qrtz_fired_job ON qrtz_fired_triggers (sched_name, job_name, job_group);
CREATE INDEX ix_qrtz_job_recovery ON qrtz_job_details (sched_name, requests_recovery);
