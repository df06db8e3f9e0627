"""Every sentence the workshop says to a learner, once per language; `say(key, **values)` speaks the learner's language.

English is the source. The Korean edition (notebooks/ko/, or WORKSHOP_LANG=ko) reads the KO table; a key missing
there falls back to English, and tests/test_messages.py fails on any key or placeholder that differs.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .config import language

EN: dict[str, str] = {
    # exercise feedback (workshop/exercises)
    "ex.right": "Right: {why}",
    "ex.not_yet": "Not yet: {why}",
    "ex.not_answered": "replace TODO with your answer, run the cell, then run the check again.",
    "ex.next_offset.no_partition": "topic {topic!r} has no partition {partition}; run the cells above first.",
    "ex.next_offset.right": "partition {partition} holds offsets {earliest}..{last}, so the next record gets {latest}: "
                            "the log-end offset, one past the last record.",
    "ex.next_offset.last": "{answer} is the offset of the LAST record already there; the next one comes after it.",
    "ex.next_offset.wrong": "{answer} is not it: look at the last offset in partition {partition} and count one on.",
    "ex.retention.right": "the log now starts at {first}, and record 6 is still offset 6: offsets are never "
                          "renumbered, deleting old segments only moves the start.",
    "ex.retention.renumbered": "record 6 is not at offset {offset}: does Kafka renumber a log when it deletes old "
                               "records? (An offset is the record's identity for as long as it lives.)",
    "ex.retention.earliest": "earliest {earliest} is not it: offsets 0-3 are gone, which offset is the first one left?",
    "ex.same_key.too_few": "send at least three records with key {key!r} and keep every result (got {count}).",
    "ex.same_key.partitions": "the records landed on partition(s) {landed}; did you send them all with key={key!r} "
                              "(as bytes) to {topic!r}? That key belongs to partition {expected}.",
    "ex.same_key.order": "offsets {offsets} are not increasing: keep the results in the order you sent them.",
    "ex.same_key.right": "all {count} records with key {key!r} went to partition {expected} (murmur2 of the key modulo "
                         "{partitions} partitions) at offsets {offsets}, in the order they were sent.",
    "ex.keyed_topic.none": "there is no topic {name!r} yet: create it with the admin API or kafka-topics.",
    "ex.keyed_topic.partitions": "{name!r} has {have} partition(s); the exercise asks for {want}. Delete it and create "
                                 "it again (partitions can be added, never removed).",
    "ex.keyed_topic.count": "{name!r} holds {total} record(s), {keyed} with key {key!r}; send exactly {count}, all with "
                            "key={key!r}.",
    "ex.keyed_topic.order": "partition order is {values}; send the values {wanted} in this order.",
    "ex.keyed_topic.right": "all {count} records sit in partition {partition} of {partitions}, in the order sent: one "
                            "key, one partition, one order.",
    "ex.producer_loop.empty": "{topic!r} holds no records yet: send the readings, then call producer.flush() so every "
                               "send is delivered before the check reads the topic.",
    "ex.producer_loop.no_key": "{unkeyed} of the {total} records have no key, so the producer chose their partitions "
                               "itself: send each reading with key=reading[\"sensor_id\"].",
    "ex.producer_loop.split": "{sensor} is in partitions {landed}: one sensor's readings must share one partition, "
                              "so its key must be the same every time (the sensor_id, not a counter or a timestamp).",
    "ex.producer_loop.total": "{topic!r} holds {total} records; the exercise sends {count}. Run the setup cell again "
                              "(it creates the topic afresh), then your loop once.",
    "ex.producer_loop.no_counts": "the topic holds all {total} records but your counts are {counts}: count inside the "
                                  "delivery callback (send(...).add_callback(on_ack)), and flush() before the check.",
    "ex.producer_loop.counts": "your counts {counts} differ from the broker's log-end offsets {ends}: count each "
                               "acknowledged record once, in the callback, by meta.partition.",
    "ex.producer_loop.right": "all {count} readings acknowledged and stored, {counts} per partition; each sensor kept "
                              "one partition ({placement}).",
    "ex.bridge.not_called": "no MQTT message reached your function within 30 s; is the MQTT broker running (run the "
                            "cells at the top again)?",
    "ex.bridge.raised": "your function raised {error}; the message stays unacknowledged, so the broker will deliver it "
                        "again. Fix the error and run the cell again.",
    "ex.bridge.early": "{reading} was acknowledged to MQTT (PUBACK) before Kafka had it: a crash right then loses it for "
                       "good. Call client.ack(message.mid, message.qos) inside the callback of kafka.send(...).",
    "ex.bridge.no_puback": "Kafka acknowledged the records, but your function sent no PUBACK for them: without a PUBACK "
                           "the broker holds the messages and delivers them again. Send client.ack(message.mid, "
                           "message.qos) in Kafka's callback.",
    "ex.bridge.missing": "{topic!r} holds {have} record(s) of the {count} readings published: send each message's "
                         "payload to Kafka with kafka.send({topic!r}, key=..., value=message.payload).",
    "ex.bridge.key": "a record of {sensor} has the key {key!r}: the key is the sensor id, the last level of "
                     "{mqtt_topic!r}, as bytes.",
    "ex.bridge.twice": "Kafka holds {records} records of {readings} readings: send each message once.",
    "ex.bridge.right": "all {count} readings are in {topic!r}, keyed by sensor id, and no PUBACK left before Kafka's "
                       "acknowledgement: while Kafka held the records back, the broker had no PUBACK for them, so a crash "
                       "then would have lost nothing.",
    "ex.survivor.no_kill": "every broker still runs: kill the leader of partition 0 halfway through your loop "
                           "(kafka_cluster.kill(...)), so the check can see what your producer does then.",
    "ex.survivor.failed": "{failed} record(s) failed, e.g. {first}: the producer gave up while the cluster elected a new "
                          "leader. Keep retries and delivery_timeout_ms at their defaults (120 s) so it waits for the "
                          "new leader.",
    "ex.survivor.short": "{acked} of {count} records acknowledged and none failed: call producer.flush() before the "
                         "check, so every answer has arrived.",
    "ex.survivor.lost": "{lost} acknowledged record(s) are not in the topic, e.g. {first}: they were acknowledged before "
                        "the followers had them. Use acks=\"all\".",
    "ex.survivor.twice": "{twice} record(s) are in the topic twice: a retry wrote them again. Keep "
                         "enable_idempotence=True.",
    "ex.survivor.right": "all {count} records acknowledged and each in the topic exactly once, although broker {killed} "
                         "died as the leader: broker {leader} took over with every acknowledged record.",
    "ex.scaling.shape": "give my_moves as a set of key names, e.g. {{\"sensor_1\", \"sensor_5\"}} (an empty set() if you "
                        "expect none to move); it is {answer!r}.",
    "ex.scaling.unknown": "{unknown} are not keys of this exercise: name them as they were sent, {first} … {last}.",
    "ex.scaling.no_topic": "topic {topic!r} does not exist: run the whole cell; its first lines create the topic and send "
                           "the first records.",
    "ex.scaling.not_grown": "{topic!r} still has {have} partitions: grow it with admin.create_partitions({{topic: "
                            "NewPartitions(total_count={after})}}). total_count is the new TOTAL, not the number to add "
                            "(total_count=1 is refused: the topic already has {have}).",
    "ex.scaling.partitions": "{topic!r} has {have} partitions; the exercise grows it to {after}. Partitions are never "
                             "removed: run the cell again (it creates the topic afresh) and ask for total_count={after}, "
                             "the new total.",
    "ex.scaling.no_key": "{unkeyed} of the {total} records have no key, so the producer picked their partitions at random: "
                         "send each with its sensor's name as the key (key_serializer=str.encode, or key=key.encode()).",
    "ex.scaling.other_keys": "the topic holds records with the keys {strangers}; send exactly the keys {first} … {last} "
                             "(the names in KEYS). Run the cell again to start from a fresh topic.",
    "ex.scaling.missing": "{count} key(s) have no new record: {missing}. After growing the topic, send one more record for "
                          "every key in KEYS, then flush().",
    "ex.scaling.twice": "{twice} have more than one new record: send one per key. Run the cell again: it creates the "
                        "topic afresh.",
    "ex.scaling.stale": "every new record went where % {before} sends it, as if the topic still had {before} partitions, so "
                        "{keys} did not move. Your producer used the old partition count: one that sent to the topic "
                        "before the change keeps its metadata (metadata_max_age_ms, 5 minutes by default), and one that "
                        "sends before the topic reports {after} partitions sees {before}. Grow the topic, wait until it "
                        "reports {after}, then send with a producer made after that.",
    "ex.scaling.astray": "{key}'s new record is in partition {landed}, but its key says {want} (murmur2 % {after}): let "
                         "the key choose, with no partition= argument and no partitioner of your own.",
    "ex.scaling.right": "{topic!r} has {after} partitions, and exactly the keys you predicted moved: {where}; the other "
                        "{stayed} kept their partition. A moved key now has its older record in one partition and its "
                        "new one in another, and a consumer sees no order between them.",
    "ex.scaling.none_move": "keys do move: a key's partition is murmur2(key) % partitions, and that went from % {before} "
                            "to % {after}; here {actual} moved.",
    "ex.scaling.inverted": "you listed the keys that stayed; my_moves asks for the ones that land in another partition.",
    "ex.scaling.prediction": "some keys are predicted wrong: {facts}. A key moves when murmur2(key) % {before} and "
                             "% {after} differ; ex.partition_for(key, n) computes it.",
    "ex.scaling.fact_moves": "{key} moves (% {before} = {old}, % {after} = {new})",
    "ex.scaling.fact_stays": "{key} stays (% {before} = {old}, % {after} = {new})",
    "ex.delivery.shape": "my_consume must be a function taking (group, collection); got {kind}.",
    "ex.delivery.topic": "{topic!r} holds {total} records; run the exercise's first cell again (it fills the topic with "
                         "24 readings).",
    "ex.delivery.raised": "your function failed before the check's crash: {error}. Call it once yourself to see the "
                          "whole traceback, e.g. my_consume(EX_GROUP, store.collection(EX_COLLECTION)).",
    "ex.delivery.clash": "MongoDB refused a document whose _id was already taken, before any crash ({error}): two "
                         "records of the topic got the same _id. An offset alone repeats in every partition; use "
                         "_id = store.record_id(record.topic, record.partition, record.offset).",
    "ex.delivery.raised_restart": "the first run crashed as planned, but the restart failed: {error}.",
    "ex.delivery.busy": "the group {group!r} still has {members} member(s): a consumer of an earlier attempt that "
                        "subscribed and was never closed. Restart the kernel and run the cells again; assign the "
                        "partitions (c.assign(parts)) as the task says.",
    "ex.delivery.subscribed": "after the crash your consumer is still a member of the group {group!r}: it subscribed, "
                              "and nothing closed it, so the restart would wait for it to leave. Assign the partitions "
                              "(c.assign(parts)) as the task says; a consumer that subscribes must be closed in finally.",
    "ex.delivery.insert": "the restart read again records that the crashed run had stored, and MongoDB refused them "
                          "({error}): insert_one only adds, and fails when the _id exists. Write with "
                          "replace_one({{\"_id\": record_id}}, document, upsert=True): a second write of a record then "
                          "replaces the first.",
    "ex.delivery.empty": "the collection {collection!r} is empty after both runs. Write to the collection your function "
                         "is given (its second argument), with upsert=True (without it replace_one only replaces "
                         "documents that exist), and let a new group start at the beginning "
                         "(auto_offset_reset=\"earliest\").",
    "ex.delivery.no_crash": "your function returned after {written} write(s), before the check's crash at write "
                            "{crash_at} could happen: one call must read the topic to its end. Loop until every "
                            "partition's position reaches its end offset (with a deadline, as run() does).",
    "ex.delivery.duplicates": "{count} documents for {total} records: the records the restart read again were stored a "
                              "second time. Give every document _id = store.record_id(...) and write it with "
                              "replace_one(..., upsert=True): the second write of a record then replaces the first.",
    "ex.delivery.no_id": "{made} of the {count} documents have an ObjectId as _id: MongoDB made one up because the "
                         "document had none, so a record written twice becomes two documents. Set _id = "
                         "store.record_id(record.topic, record.partition, record.offset).",
    "ex.delivery.not_unique": "{count} documents for {total} records: records that share an _id overwrite each other "
                              "(e.g. _id {example!r}); an offset or a key alone does not name one record. Use "
                              "topic:partition:offset, e.g. {wanted!r}: store.record_id(record.topic, "
                              "record.partition, record.offset).",
    "ex.delivery.id_form": "every record is stored once, but under _id values such as {example!r}; the sink's record id "
                           "is topic:partition:offset, e.g. {wanted!r}: use store.record_id(record.topic, "
                           "record.partition, record.offset).",
    "ex.delivery.commit_first": "records lost, {lost} (partition: offsets): when write {crash_at} failed, the group had "
                                "already committed {committed}, past records that were not stored yet, so the restart "
                                "began after them. That is at most once: commit after the batch is stored, never "
                                "before.",
    "ex.delivery.commit_on_exit": "records lost, {lost} (partition: offsets): write {crash_at} failed, and on its way "
                                  "out your function still committed {committed}, past records it never stored. With "
                                  "enable_auto_commit left on (kafka-python's default), close() commits whatever was "
                                  "polled; a commit() in finally does the same. Set enable_auto_commit=False and commit "
                                  "only after a batch is stored.",
    "ex.delivery.went_on": "records lost, {lost} (partition: offsets): write {crash_at} failed, your function went on "
                           "(it caught the error) and committed {committed}, past records that were never stored. Let "
                           "a failed write end the function: a crashed consumer commits nothing more.",
    "ex.delivery.not_read": "records {lost} (partition: offsets) were never stored, and no commit skipped them: your "
                            "function never read them. Assign every partition of the topic and loop until each one's "
                            "position reaches its end offset.",
    "ex.delivery.no_commit": "all {total} records are stored once, but the group committed nothing: a restart would read "
                             "the whole topic again. Call consumer.commit() after each batch is stored.",
    "ex.delivery.behind": "every record is stored once, but the group's committed offsets {committed} are not the "
                          "log-end offsets {ends}. A committed offset names the NEXT record to read (last stored + 1); "
                          "consumer.commit() without arguments commits each partition's position: call it after every "
                          "batch, the last one too.",
    "ex.delivery.right": "the first run failed at write {crash_at}; the restart began at the last commit and wrote "
                         "{replayed} records a second time, which the upserts replaced: {total} documents for {total} "
                         "records, none missing, and the group committed {committed}, the log-end offsets. At least "
                         "once plus an idempotent write: exactly once stored.",
    "ex.lag.shape": "give a dict {{partition: lag}}, e.g. {{0: 3, 1: 0}}.",
    "ex.lag.right": "lag {actual}: log-end offset minus committed offset, per partition ({left} records still to read).",
    "ex.lag.wrong": "partition(s) {wrong} are off; lag = end offset - committed offset (the committed offset is the "
                    "NEXT record the group will read, not the last one it read).",
    "ex.no_partition": "topic {topic!r} has no partition {partition}.",
    "ex.replay.right": "read offsets {first}..{last} again: seek moves only this consumer's position, the log itself is "
                       "untouched, so any reader can replay.",
    "ex.replay.start": "the first offset read is {got}; seek partition {partition} to {start} first.",
    "ex.replay.count": "expected {want} offsets from {start} to {last}, got {got}: keep reading until the consumer times "
                       "out, and only from this partition.",
    "ex.earliest.right": "offsets below {earliest} are gone with their segments; a consumer starting 'earliest' begins "
                         "at {earliest}, and nothing was renumbered.",
    "ex.earliest.zero": "offset 0 was deleted by retention: ask the broker for the beginning offset.",
    "ex.earliest.wrong": "{answer} is not the first offset kept; ask the broker (beginning offsets).",
    "ex.options.shape": "give a dict of option name → value, got {kind}.",
    "ex.options.missing": "missing option(s) {missing}: the seed sets all three.",
    "ex.options.servers": "kafka.bootstrap.servers is {given!r}; use the broker address from "
                          "settings().bootstrap_servers, never a typed one.",
    "ex.options.subscribe": "subscribe names the topic to read: {topic!r}, not {given!r}.",
    "ex.options.latest": "'latest' starts at the end of each partition: a new query sees only records that arrive "
                         "after it starts. To replay from the first record use 'earliest'.",
    "ex.options.other": "startingOffsets {given!r}: it takes 'earliest', 'latest' or offsets per partition as JSON; the "
                        "first record of every partition is 'earliest'.",
    "ex.options.right": "'earliest' reads every partition from its log start offset. It applies only on the query's "
                        "first start: once a checkpoint exists, the checkpoint decides where to resume.",
    "ex.dropped.shape": "give a set of labels such as {{'A', 'B'}}, got {kind}.",
    "ex.dropped.unknown": "unknown label(s) {unknown}; the readings are {labels}.",
    "ex.dropped.is_dropped": "its window {window} ended at or before the watermark {watermark:%H:%M:%S}, so it is dropped",
    "ex.dropped.kept": "its window {window} ends after the watermark {watermark:%H:%M:%S}, so it still updates",
    "ex.dropped.wrong": "{label} ({event:%H:%M:%S}): {why}. Watermark = latest event - 2 minutes.",
    "ex.dropped.right": "the watermark is {latest:%H:%M:%S} - 2 min = {watermark:%H:%M:%S}; only readings whose "
                        "1-minute window had already closed by then are dropped (and counted as "
                        "numRowsDroppedByWatermark).",
    "ex.windows.shape": "give my_windows as a function, def my_windows(valid): ... that returns the aggregated "
                        "DataFrame (got {kind}).",
    "ex.windows.raised": "my_windows(valid) raised {error}. Build it step by step: valid.withWatermark(...), then "
                         ".groupBy(...), then .agg(...).",
    "ex.windows.not_frame": "my_windows(valid) returned {kind}, not a DataFrame: return the result of .agg(...).",
    "ex.windows.columns": "the result has no column {missing} (it has: {have}). Group by F.window(\"event_time\", "
                          "\"30 seconds\") and \"sensor_id\", and name the aggregates .alias(\"readings\") and "
                          ".alias(\"max_temperature\").",
    "ex.windows.no_watermark": "Spark refused to start the query in append mode: {error} Append mode emits a window "
                               "once, when the watermark has closed it: call .withWatermark(\"event_time\", "
                               "\"1 minute\") before groupBy, on the column your window is over.",
    "ex.windows.failed": "the query stopped with an error: {error}",
    "ex.windows.delay": "your query's watermark ended at {watermark}, {behind} s behind the newest event ({newest}); the "
                        "task asks for 1 minute: .withWatermark(\"event_time\", \"1 minute\").",
    "ex.windows.length": "your windows are {length} s long; the task asks for 30 seconds: F.window(\"event_time\", "
                         "\"30 seconds\").",
    "ex.windows.values": "{wrong} of {total} windows differ, e.g. {sensor} {start}-{end}: expected (readings, max "
                         "°C) {expected}, your query emitted {given}. Count every reading with F.count(\"*\") and "
                         "take F.max(\"temperature\").",
    "ex.windows.right": "{windows} windows emitted, each once and final. The reading 45 s late was counted; the "
                        "watermark dropped {dropped} too late ({late}); the {still_open} newest windows stay open until "
                        "a newer event moves the watermark past their end.",
    "ex.realtime.shape": "give the trigger as the keyword arguments of .trigger(...), one of them, e.g. "
                         "{{'processingTime': '1 second'}}.",
    "ex.realtime.other": "{name} is not Real-time Mode: Spark 4.1+ names that trigger realTime.",
    "ex.realtime.unknown": "trigger() has no keyword {name!r}; Real-time Mode's is realTime.",
    "ex.realtime.duration": "realTime takes a duration as text, such as '5 seconds', not {value!r}.",
    "ex.realtime.short": "{value!r} is shorter than the 5-second minimum "
                         "(spark.sql.streaming.realTimeMode.minBatchDuration): Spark refuses to start.",
    "ex.realtime.seconds": "{value!r} commits progress every {seconds:g} s; the question asks for every 5 seconds.",
    "ex.realtime.mode": "output mode {mode!r}: Real-time Mode supports only 'update' (each row out as soon as it is "
                        "computed).",
    "ex.realtime.right": "outputMode('update') and trigger(realTime='5 seconds'): records flow through at once; the "
                         "5 seconds only say how often the query commits its offsets to the checkpoint.",
    "ex.sink.shape": "my_start must be a function that starts your query and returns it; got {kind}.",
    "ex.sink.raised": "calling your function failed: {error}. Call my_start() yourself to see the whole traceback.",
    "ex.sink.no_query": "your function returned {kind}, not the query: end it with return (...).start().",
    "ex.sink.blocked": "your function did not return within {timeout:.0f} s, so the check stopped the query it started: "
                       "it waits for a query that never ends (awaitTermination() without trigger(availableNow=True)). "
                       "Return the query that start() gives.",
    "ex.sink.topic": "your query reads {source}, not {topic!r}: subscribe to EX_TOPIC.",
    "ex.sink.running": "your query was still running {grace:.0f} s after it had read every record, so the check stopped "
                       "it. Give it .trigger(availableNow=True): it reads what the topic holds, in as many batches as "
                       "needed, then stops by itself.",
    "ex.sink.no_batch": "your query finished no batch within {timeout:.0f} s, so the check stopped it. Does it subscribe "
                        "to {topic!r} at s.bootstrap_servers?",
    "ex.sink.failed": "your query failed: {error}. Run my_start() yourself and read query.exception() for the whole "
                      "story.",
    "ex.sink.clash": "MongoDB refused a document of the first run: {error}. Two records got the same _id; build it from "
                     "what is unique to each record: topic, partition and offset.",
    "ex.sink.stopped": "your query stopped before it ran a single batch: do not stop it in your function; "
                       "trigger(availableNow=True) stops it once it has read everything.",
    "ex.sink.latest": "the first run read none of the {total} records in {topic!r}: a new query with startingOffsets "
                      "'latest' (Spark's default when the option is left out) starts at the end of each partition. Set "
                      ".option(\"startingOffsets\", \"earliest\").",
    "ex.sink.empty": "your query read {read} records, but the collection {collection!r} is empty: write each batch to "
                     "EX_COLLECTION.",
    "ex.sink.not_parsed": "the documents hold the Kafka record's value, e.g. {example}, not the reading's fields: parse "
                          "it with from_json(F.col(\"value\").cast(\"string\"), schema) and store the struct's fields "
                          "(.select(\"reading.*\")).",
    "ex.sink.nulls": "{count} of {total} documents have no {field}, e.g. {example}: from_json gives null for a field the "
                     "JSON does not have under that name. Name your schema's fields as the JSON does (sensor_id, "
                     "temperature, timestamp) and store them at the top level of each document.",
    "ex.sink.text": "{field} is stored as text, e.g. {value!r}, not as a number: your schema declares it STRING. Declare "
                    "the types the JSON sends: temperature DOUBLE, timestamp LONG.",
    "ex.sink.count": "{count} documents for the {total} records of the first run: your sink stored some records more "
                     "than once.",
    "ex.sink.not_unique": "{count} documents for {total} records: records that got the same _id overwrote each other "
                          "(e.g. {example!r}). Build the _id from what is unique to each record: topic, partition and "
                          "offset.",
    "ex.sink.from_start": "the restart read {read} records: it began again at the first offset instead of where the "
                          "first run stopped ({stopped}), so it did not resume from a checkpoint. Give "
                          ".option(\"checkpointLocation\", EX_CHECKPOINT), the same folder on every start (without one, "
                          "Spark takes a new temporary folder each time), and do not delete it between runs.",
    "ex.sink.no_id": "{count} documents for {total} records, {made} of them with an ObjectId as _id: the restart ran batch "
                     "{batch} again (the check had deleted its commit, as a crash right after your sink wrote would) "
                     "and your sink inserted its {replayed} records a second time, each under a new id. Give every "
                     "document an _id taken from the record, e.g. topic:partition:offset, and replace-or-insert by it "
                     "(store.write does).",
    "ex.sink.duplicates": "{count} documents for {total} records: the restart ran batch {batch} again (the check had "
                          "deleted its commit, as a crash right after your sink wrote would) and its {replayed} records "
                          "were stored a second time under new _id values. Take the _id from the record itself, e.g. "
                          "topic:partition:offset, and replace-or-insert by it (store.write does).",
    "ex.sink.refused": "the restart ran batch {batch} again (the check had deleted its commit, as a crash right after "
                       "your sink wrote would), and MongoDB refused its records: {error}. An insert fails on an _id that "
                       "is already stored: replace-or-insert by _id instead (store.write, or replace_one(..., "
                       "upsert=True)).",
    "ex.sink.elsewhere": "every record is stored once, but {checkpoint} does not hold your query's commits (its last "
                         "one: {committed}; the log ends at {ends}): your query keeps its checkpoint somewhere else. Use "
                         "EX_CHECKPOINT as checkpointLocation, so the check can look at it.",
    "ex.sink.right": "the first run read {first} records in {batches} batch(es) and stopped by itself. The check then "
                     "deleted commits/{batch}, as if the process had died after your sink stored batch {batch} and "
                     "before Spark recorded it: the restart ran batch {batch} again with the same offsets ({replayed} "
                     "records a second time, replaced by their _id), then read only the {new} new records. {total} "
                     "documents for {total} records, temperatures as numbers, and the checkpoint's last commit is at "
                     "the log end, {ends}.",
    "ex.hottest.shape": "give the document itself (a dict from find_one), got {kind}.",
    "ex.hottest.none": "no reading of {sensor} is stored yet: run the pipeline cells above first.",
    "ex.hottest.sensor": "that reading is from {given!r}: filter on {{'sensor_id': {sensor!r}}}.",
    "ex.hottest.hotter": "{sensor} has a hotter reading ({top} °C, yours {given}): sort by temperature descending, "
                         "[('temperature', -1)].",
    "ex.hottest.right": "{sensor} peaked at {top} °C; find_one with a sort returns the first document of the sorted "
                        "result.",
    "ex.pipeline.shape": "a pipeline is a list of stages, each a dict such as {{'$group': {{...}}}}.",
    "ex.pipeline.refused": "MongoDB refused the pipeline: {error}.",
    "ex.pipeline.empty": "no readings are stored yet: run the pipeline cells above first.",
    "ex.pipeline.ids": "expected one row per sensor with _id = sensor_id ({sensors}), got _id values {ids}: group by "
                       "'$sensor_id'.",
    "ex.pipeline.mean": "{sensor}: no field holds its mean temperature {mean:.2f}; use {{'$avg': '$temperature'}}.",
    "ex.pipeline.sort": "the averages are right but not sorted by sensor: add {{'$sort': {{'_id': 1}}}}.",
    "ex.pipeline.right": "$group collects the readings of each sensor, $avg averages their temperature and $sort orders "
                         "the rows; MongoDB did the work, only the result travelled.",
    "ex.plot.shape": "hand over the matplotlib Figure itself (fig from fig, ax = plt.subplots()), got {kind}.",
    "ex.plot.none": "no reading of {sensor} is stored yet: run the pipeline cells above first.",
    "ex.plot.no_line": "the figure has no line: draw one with ax.plot(times, temps).",
    "ex.plot.sensor": "those are the readings of {given}, not {sensor}: filter on {{'sensor_id': {sensor!r}}}.",
    "ex.plot.values": "your line's {count} y values are not temperatures of {sensor} (it has {total} readings): plot "
                      "each document's 'temperature' against its time, for {sensor} only.",
    "ex.plot.few": "your line has {count} of the {total} readings of {sensor}: drop the limit (and use find, not "
                   "find_one) so every reading is drawn.",
    "ex.plot.not_times": "the x values are plain values such as {example!r}, not times: convert each timestamp with "
                         "datetime.fromtimestamp(ts, timezone.utc) (or use the document's 'time' field).",
    "ex.plot.unsorted": "the readings are not in time order, so the line jumps back and forth: sort the query by "
                        "timestamp, oldest first: .sort('timestamp', 1).",
    "ex.plot.labels": "the {missing} axis has no label: call ax.set_xlabel(...) and ax.set_ylabel(...).",
    "ex.plot.title": "the plot has no title: call ax.set_title(...).",
    "ex.plot.right": "the line holds all {count} readings of {sensor} in time order, with dates on the x axis, both "
                     "axes labelled and a title.",
    # notebook.check(), the first cell of every notebook
    "check.packages": "Python packages: {packages}",
    "check.kafka": "Kafka {version}: {where}, topic {topic!r}",
    "check.mongo": "MongoDB: {where}, database {database!r}",
    "check.spark": "Spark: master {master}, connector {connector}, Java {java}",
    "check.external": "external",
    "check.embedded": "embedded",
    "check.embedded_mongo": "embedded mongo-java-server",
    "check.not_ready": "Not ready:",
    "check.problem": "- {name}: {detail}. Fix: {fix}",
    "check.ready": "All set: Kafka and MongoDB answer, Spark has its Kafka connector.",
    # doctor
    "doctor.header": "Kafka {version} (embedded) · workshop home {home}",
    "doctor.fix": "fix",
    "doctor.changed": "Settings changed by the environment: {settings}",
    "doctor.defaults": "none (the defaults in README › Configuration)",
    "doctor.all_good": "All good.",
    "doctor.python_fix": "install Python 3.11+ and rerun the set-up",
    "doctor.java_at": "{version} at {path}",
    "doctor.java_fix": "install a JDK 17+ and set JAVA_HOME",
    "doctor.missing": "missing",
    "doctor.connector": "pyspark {pyspark}, connector {connector}",
    "doctor.jars_missing": "{count} missing",
    "doctor.jars_cached": "all cached",
    "doctor.prefetch_fix": "python -m workshop prefetch (needs the network once)",
    "doctor.optional": "{title} (optional)",
    "doctor.answering": "answering at {address}",
    "doctor.not_answering": "not answering at {address}",
    "doctor.external_fix": "start that server or unset {variable}",
    "doctor.free_optional": "not running (port {port} free; {how})",
    "doctor.group.mqtt": "optional, `up --mqtt` starts it",
    "doctor.group.spark-cluster": "optional, `up --spark-cluster` starts it",
    "doctor.group.brokers": "optional, `up --brokers 3` starts it",
    "doctor.not_running": "not running (port {port} free)",
    "doctor.port_taken": "port {port} is taken by another program",
    "doctor.port_fix": "stop it, or choose another port ({variable})",
    "doctor.problems": "{count} problem(s) to fix.",
    # errors a learner meets in a notebook
    "err.mongo_down": "MongoDB is not answering at {uri} ({error}) — run `python -m workshop up`, or set MONGO_URI to a "
                      "server that answers",
    "err.kafka_down": "Kafka is not answering at {address} — run `python -m workshop up`, or set KAFKA_BOOTSTRAP_SERVERS "
                      "to a broker that answers",
    "err.external_down": "{name} is not answering at {address} ({variable}); start it or unset {variable}",
    "err.port_taken": "port {port} is already taken by another program, so the workshop's {what} cannot start there. "
                      "Stop that program, or pick another port with {variable}=<port>{alternative}.",
    "err.not_caught_up": "query {name!r} has not caught up with the topic after {timeout:.0f} s",
    "err.no_leader": "topic {name!r} has no leader for every partition after {timeout:.0f} s",
    "err.no_topic": "topic {name!r} does not exist on {address}; create it first",
    "err.group_unsettled": "the group of {count} did not settle in time (now {owned}); is the broker busy? Run the cell "
                           "again.",
    "err.group_read_short": "the group read {read} of {target} records in {timeout:.0f} s",
    "err.read_short": "{consumers} consumer(s) read {read} of {target} records in {timeout:.0f} s",
    "err.mqtt_ack": "the MQTT broker at {address} did not acknowledge a reading within 30 s",
    "err.topics_not_deleted": "topics {topics} still exist {timeout:.0f} s after deletion; is the broker overloaded? "
                              "Run the cell again.",
    "err.assignment_unsettled": "the group did not settle on {sizes} partitions per member within {timeout:.0f} s "
                                "(now {owned}); is the broker busy? Run the cell again.",
    "err.partitions_not_added": "topic {topic!r} has {have} of {total} partitions {timeout:.0f} s after adding them; is "
                                "the broker busy? Run the cell again.",
    "err.unanswered": "{count} records still unanswered {timeout:.0f} s after the producer stopped",
    "err.read_to_end": "read {read} of {target} records in {timeout:.0f} s",
    # the three-broker cluster drawn from live metadata (notebook 09)
    "cluster.broker": "broker {node}",
    "cluster.broker_down": "broker {node} (down)",
    "cluster.leader": "leader",
    "cluster.follower": "in sync",
    "cluster.out": "not in sync",
    # widgets
    "widget.sensors": "sensors",
    "widget.rate": "records/s",
    "widget.start": "Start",
    "widget.stop": "Stop",
    "widget.malformed": "Inject malformed",
    "widget.anomaly": "Inject anomaly",
    "widget.stop_refreshing": "Stop refreshing",
    "widget.still_running": "the producer is still running after {timeout:.0f} s: stop it with .stop()",
    # plots
    "plot.reading": "reading",
    "plot.window_average": "window average",
    "plot.anomaly": "anomaly",
    "plot.no_readings": "no readings stored yet",
    "plot.event_time": "event time (UTC)",
    "plot.temperature_title": "Temperature per sensor",
    "plot.stats_title": "Mean temperature per sensor (bars: min to max)",
    "font.missing": "No font with Korean glyphs found: Korean labels would show as empty boxes. Install one, e.g. "
                    "`sudo apt-get install fonts-noto-cjk` (Debian/Ubuntu), `brew install --cask font-noto-sans-cjk-kr` "
                    "(macOS) or Malgun Gothic (Windows, built in), then restart the kernel.",
}

KO: dict[str, str] = {
    "ex.right": "정답: {why}",
    "ex.not_yet": "아직: {why}",
    "ex.not_answered": "TODO를 답으로 바꾸고 셀을 실행한 다음, 확인 셀을 다시 실행하세요.",
    "ex.next_offset.no_partition": "토픽 {topic!r}에 파티션 {partition}이(가) 없습니다. 위의 셀들을 먼저 실행하세요.",
    "ex.next_offset.right": "파티션 {partition}에는 오프셋 {earliest}..{last}가 있으므로 다음 레코드는 {latest}을(를) "
                            "받습니다. 마지막 레코드 바로 다음, 곧 로그 끝 오프셋(log-end offset)입니다.",
    "ex.next_offset.last": "{answer}은(는) 이미 있는 마지막 레코드의 오프셋입니다. 다음 레코드는 그 뒤에 붙습니다.",
    "ex.next_offset.wrong": "{answer}이(가) 아닙니다. 파티션 {partition}의 마지막 오프셋을 보고 하나를 더하세요.",
    "ex.retention.right": "이제 로그는 {first}부터 시작하고, 레코드 6은 여전히 오프셋 6입니다. 오프셋은 다시 매겨지지 "
                          "않습니다. 오래된 세그먼트를 지우면 시작 위치만 옮겨집니다.",
    "ex.retention.renumbered": "레코드 6은 오프셋 {offset}에 있지 않습니다. Kafka가 오래된 레코드를 지울 때 로그 번호를 "
                               "다시 매길까요? (오프셋은 레코드가 살아 있는 동안 그 레코드의 신원입니다.)",
    "ex.retention.earliest": "가장 이른 오프셋은 {earliest}이(가) 아닙니다. 오프셋 0-3이 지워졌다면 남은 첫 오프셋은 "
                             "무엇일까요?",
    "ex.same_key.too_few": "키 {key!r}로 레코드를 세 개 이상 보내고 결과를 모두 보관하세요(지금 {count}개).",
    "ex.same_key.partitions": "레코드가 파티션 {landed}에 들어갔습니다. 모두 key={key!r}(바이트)로 {topic!r}에 "
                              "보냈나요? 그 키는 파티션 {expected}에 속합니다.",
    "ex.same_key.order": "오프셋 {offsets}이(가) 증가하지 않습니다. 결과를 보낸 순서대로 보관하세요.",
    "ex.same_key.right": "키 {key!r}인 레코드 {count}개가 모두 파티션 {expected}(키의 murmur2 값을 파티션 수 "
                         "{partitions}로 나눈 나머지)의 오프셋 {offsets}에 보낸 순서대로 들어갔습니다.",
    "ex.keyed_topic.none": "아직 토픽 {name!r}이(가) 없습니다. admin API나 kafka-topics로 만드세요.",
    "ex.keyed_topic.partitions": "{name!r}의 파티션은 {have}개인데, 연습 문제는 {want}개를 요구합니다. 지우고 다시 "
                                 "만드세요(파티션은 늘릴 수는 있어도 줄일 수는 없습니다).",
    "ex.keyed_topic.count": "{name!r}에 레코드가 {total}개 있고, 그중 키가 {key!r}인 것은 {keyed}개입니다. 정확히 "
                            "{count}개를 모두 key={key!r}로 보내세요.",
    "ex.keyed_topic.order": "파티션 안의 순서가 {values}입니다. 값 {wanted}을(를) 이 순서대로 보내세요.",
    "ex.keyed_topic.right": "레코드 {count}개가 모두 파티션 {partitions}개 중 파티션 {partition}에 보낸 순서대로 "
                            "있습니다. 키 하나, 파티션 하나, 순서 하나.",
    "ex.producer_loop.empty": "{topic!r}에 아직 레코드가 없습니다. 측정값을 보낸 뒤 producer.flush()를 호출해, 확인이 토픽을 "
                               "읽기 전에 모든 전송이 전달되게 하세요.",
    "ex.producer_loop.no_key": "레코드 {total}개 중 {unkeyed}개에 키가 없어 프로듀서가 파티션을 스스로 골랐습니다. "
                               "측정값마다 key=reading[\"sensor_id\"]로 보내세요.",
    "ex.producer_loop.split": "{sensor}의 측정값이 파티션 {landed}에 흩어져 있습니다. 한 센서의 측정값은 한 파티션에 "
                              "모여야 하므로 키가 매번 같아야 합니다(카운터나 타임스탬프가 아니라 sensor_id).",
    "ex.producer_loop.total": "{topic!r}에 레코드가 {total}개 있습니다. 이 연습에서 보내는 수는 {count}개입니다. 준비 셀을 "
                              "다시 실행해 토픽을 새로 만든 뒤 반복문을 한 번만 실행하세요.",
    "ex.producer_loop.no_counts": "토픽에는 레코드 {total}개가 모두 있는데 센 값은 {counts}입니다. 전달 콜백 안에서 "
                                  "세고(send(...).add_callback(on_ack)), 확인 전에 flush()를 호출하세요.",
    "ex.producer_loop.counts": "센 값 {counts}이(가) 브로커의 로그 끝 오프셋 {ends}와 다릅니다. 확인 응답을 받은 레코드마다 "
                               "콜백에서 meta.partition별로 한 번씩 세세요.",
    "ex.producer_loop.right": "측정값 {count}개가 모두 확인 응답을 받고 저장되었습니다. 파티션별로 {counts}이고, 센서마다 "
                              "한 파티션을 지켰습니다({placement}).",
    "ex.bridge.not_called": "30초 안에 함수에 도착한 MQTT 메시지가 없습니다. MQTT 브로커가 돌고 있나요(맨 위의 셀들을 다시 "
                            "실행해 보세요)?",
    "ex.bridge.raised": "함수에서 {error} 예외가 났습니다. 메시지는 확인되지 않은 채 남으므로 브로커가 다시 전달합니다. "
                        "오류를 고친 뒤 셀을 다시 실행하세요.",
    "ex.bridge.early": "{reading}은(는) Kafka가 받기 전에 MQTT에 확인(PUBACK)되었습니다. 바로 그때 장애가 나면 영영 "
                       "잃어버립니다. client.ack(message.mid, message.qos)는 kafka.send(...)의 콜백 안에서 호출하세요.",
    "ex.bridge.no_puback": "Kafka는 레코드를 확인했지만 함수는 그 PUBACK을 보내지 않았습니다. PUBACK이 없으면 브로커는 "
                           "메시지를 붙잡아 두었다가 다시 전달합니다. Kafka의 콜백에서 client.ack(message.mid, "
                           "message.qos)를 보내세요.",
    "ex.bridge.missing": "{topic!r}에는 발행된 측정값 {count}개 중 레코드 {have}개만 있습니다. 메시지마다 페이로드를 "
                         "kafka.send({topic!r}, key=..., value=message.payload)로 Kafka에 보내세요.",
    "ex.bridge.key": "{sensor}의 레코드 키가 {key!r}입니다. 키는 센서 id, 곧 {mqtt_topic!r}의 마지막 단계를 바이트로 바꾼 "
                     "것입니다.",
    "ex.bridge.twice": "Kafka에 측정값 {readings}개의 레코드가 {records}개 있습니다. 메시지마다 한 번만 보내세요.",
    "ex.bridge.right": "측정값 {count}개가 모두 센서 id를 키로 {topic!r}에 들어갔고, Kafka의 확인 응답보다 먼저 나간 PUBACK은 "
                       "없습니다. Kafka가 레코드를 붙잡고 있는 동안 브로커는 그 PUBACK을 받지 못했으니, 그때 장애가 "
                       "났어도 잃는 것은 없었습니다.",
    "ex.survivor.no_kill": "아직 모든 브로커가 돌고 있습니다. 반복문 중간에 파티션 0의 리더를 죽여야(kafka_cluster.kill(...)) "
                           "그때 프로듀서가 어떻게 하는지 확인할 수 있습니다.",
    "ex.survivor.failed": "레코드 {failed}개가 실패했습니다(예: {first}). 클러스터가 새 리더를 뽑는 동안 프로듀서가 포기한 "
                          "것입니다. retries와 delivery_timeout_ms를 기본값(120초)으로 두어 새 리더를 기다리게 하세요.",
    "ex.survivor.short": "레코드 {count}개 중 {acked}개가 확인 응답을 받았고 실패는 없습니다. 확인하기 전에 "
                         "producer.flush()를 호출해 모든 응답이 도착하게 하세요.",
    "ex.survivor.lost": "확인 응답을 받은 레코드 {lost}개가 토픽에 없습니다(예: {first}). 팔로워가 받기 전에 확인 응답이 "
                        "나간 것입니다. acks=\"all\"을 쓰세요.",
    "ex.survivor.twice": "레코드 {twice}개가 토픽에 두 번 들어 있습니다. 재시도가 다시 쓴 것입니다. "
                         "enable_idempotence=True를 유지하세요.",
    "ex.survivor.right": "레코드 {count}개가 모두 확인 응답을 받았고 토픽에 정확히 한 번씩 있습니다. 리더였던 브로커 "
                         "{killed}이(가) 죽었지만, 확인 응답한 레코드를 모두 가진 브로커 {leader}이(가) 뒤를 이었습니다.",
    "ex.scaling.shape": "my_moves에는 키 이름의 집합을 넣으세요. 예: {{\"sensor_1\", \"sensor_5\"}}(옮겨 가는 키가 "
                        "없다고 보면 빈 set()). 지금 값은 {answer!r}입니다.",
    "ex.scaling.unknown": "{unknown}은(는) 이 연습의 키가 아닙니다. 보낸 이름 그대로, {first} … {last} 중에서 적으세요.",
    "ex.scaling.no_topic": "토픽 {topic!r}이(가) 없습니다. 셀 전체를 실행하세요. 앞의 몇 줄이 토픽을 만들고 첫 레코드를 "
                           "보냅니다.",
    "ex.scaling.not_grown": "{topic!r}의 파티션이 아직 {have}개입니다. admin.create_partitions({{topic: "
                            "NewPartitions(total_count={after})}})로 늘리세요. total_count는 더할 개수가 아니라 새 전체 "
                            "개수입니다(total_count=1은 거부됩니다. 토픽에 이미 {have}개가 있으니까요).",
    "ex.scaling.partitions": "{topic!r}의 파티션이 {have}개입니다. 이 연습에서는 {after}개로 늘립니다. 파티션은 줄일 수 "
                             "없으니 셀을 다시 실행해 토픽을 새로 만들고, 새 전체 개수인 total_count={after}로 요청하세요.",
    "ex.scaling.no_key": "레코드 {total}개 중 {unkeyed}개에 키가 없어 프로듀서가 파티션을 무작위로 골랐습니다. 레코드마다 "
                         "센서 이름을 키로 보내세요(key_serializer=str.encode, 또는 key=key.encode()).",
    "ex.scaling.other_keys": "토픽에 키가 {strangers}인 레코드가 있습니다. 키는 정확히 {first} … {last}(KEYS의 이름)로 "
                             "보내세요. 셀을 다시 실행하면 새 토픽에서 시작합니다.",
    "ex.scaling.missing": "키 {count}개에 새 레코드가 없습니다: {missing}. 토픽을 늘린 뒤 KEYS의 키마다 레코드를 하나씩 더 "
                          "보내고 flush()하세요.",
    "ex.scaling.twice": "{twice}에는 새 레코드가 두 개 이상 있습니다. 키마다 하나씩만 보내세요. 셀을 다시 실행하면 토픽을 "
                        "새로 만듭니다.",
    "ex.scaling.stale": "새 레코드가 모두 % {before} 계산이 정하는 곳으로 갔습니다. 토픽에 아직 파티션이 {before}개인 것처럼요. "
                        "그래서 {keys}이(가) 옮겨 가지 않았습니다. 프로듀서가 예전 파티션 수를 썼습니다. 변경 전에 이 "
                        "토픽으로 보낸 적이 있는 프로듀서는 메타데이터를 그대로 들고 있고(metadata_max_age_ms, 기본 5분), "
                        "토픽이 파티션 {after}개를 알리기 전에 보내는 프로듀서는 {before}개를 봅니다. 토픽을 늘리고 "
                        "{after}개가 보일 때까지 기다린 다음, 그 뒤에 만든 프로듀서로 보내세요.",
    "ex.scaling.astray": "{key}의 새 레코드가 파티션 {landed}에 있는데, 키로 정해지는 파티션은 {want}입니다"
                         "(murmur2 % {after}). partition= 인자나 직접 만든 파티셔너 없이 키가 파티션을 고르게 하세요.",
    "ex.scaling.right": "{topic!r}의 파티션은 {after}개이고, 예측한 키들이 정확히 옮겨 갔습니다: {where}. 나머지 "
                        "{stayed}개는 파티션을 지켰습니다. 옮겨 간 키는 이제 예전 레코드가 한 파티션에, 새 레코드가 다른 "
                        "파티션에 있어서, 컨슈머가 보기에 둘 사이에는 순서가 없습니다.",
    "ex.scaling.none_move": "키는 옮겨 갑니다. 키의 파티션은 murmur2(key) % 파티션 수인데, 그 식이 % {before}에서 "
                            "% {after}(으)로 바뀌었습니다. 여기서는 {actual}이(가) 옮겨 갔습니다.",
    "ex.scaling.inverted": "남는 키를 적었습니다. my_moves에는 다른 파티션으로 옮겨 가는 키를 적으세요.",
    "ex.scaling.prediction": "예측이 틀린 키가 있습니다: {facts}. murmur2(key) % {before}의 값과 % {after}의 값이 "
                             "다르면 키가 옮겨 갑니다. ex.partition_for(key, n)이 이 값을 계산합니다.",
    "ex.scaling.fact_moves": "{key}: 옮겨 감(% {before} = {old}, % {after} = {new})",
    "ex.scaling.fact_stays": "{key}: 그대로(% {before} = {old}, % {after} = {new})",
    "ex.delivery.shape": "my_consume는 (group, collection)을 받는 함수여야 합니다. 받은 것: {kind}.",
    "ex.delivery.topic": "{topic!r}에 레코드가 {total}개 있습니다. 연습 문제의 첫 셀을 다시 실행하세요(토픽에 측정값 "
                         "24개를 채웁니다).",
    "ex.delivery.raised": "확인이 장애를 일으키기 전에 함수가 실패했습니다: {error}. 트레이스백 전체를 보려면 함수를 직접 "
                          "한 번 호출해 보세요. 예: my_consume(EX_GROUP, store.collection(EX_COLLECTION)).",
    "ex.delivery.clash": "장애가 나기도 전에 MongoDB가 이미 있는 _id로 쓴 문서를 거부했습니다({error}). 토픽의 서로 다른 "
                         "레코드 두 개가 같은 _id를 받았다는 뜻입니다. 오프셋만으로는 파티션마다 겹칩니다. "
                         "_id = store.record_id(record.topic, record.partition, record.offset)을 쓰세요.",
    "ex.delivery.raised_restart": "첫 실행은 계획대로 장애로 멈췄지만, 재시작이 실패했습니다: {error}.",
    "ex.delivery.busy": "그룹 {group!r}에 아직 멤버가 {members}개 있습니다. 이전 시도에서 subscribe하고 닫지 않은 "
                        "컨슈머입니다. 커널을 다시 시작하고 셀들을 다시 실행하세요. 과제대로 파티션을 할당하세요"
                        "(c.assign(parts)).",
    "ex.delivery.subscribed": "장애 뒤에도 컨슈머가 여전히 그룹 {group!r}의 멤버입니다. subscribe했는데 아무것도 닫지 "
                              "않아서, 재시작은 그 멤버가 떠나기를 기다리게 됩니다. 과제대로 파티션을 할당하세요"
                              "(c.assign(parts)). subscribe하는 컨슈머는 finally에서 닫아야 합니다.",
    "ex.delivery.insert": "재시작이 장애 난 실행에서 이미 저장한 레코드를 다시 읽었고, MongoDB가 그 쓰기를 "
                          "거부했습니다({error}). insert_one은 추가만 하므로 _id가 이미 있으면 실패합니다. "
                          "replace_one({{\"_id\": record_id}}, document, upsert=True)로 쓰면 같은 레코드를 두 번째로 "
                          "쓸 때 첫 번째 문서를 바꿔 씁니다.",
    "ex.delivery.empty": "두 번 실행한 뒤에도 컬렉션 {collection!r}이(가) 비어 있습니다. 함수가 받은 컬렉션(두 번째 "
                         "인자)에 upsert=True로 쓰세요(이것이 없으면 replace_one은 이미 있는 문서만 바꿉니다). 새 그룹은 "
                         "처음부터 읽어야 합니다(auto_offset_reset=\"earliest\").",
    "ex.delivery.no_crash": "확인이 {crash_at}번째 쓰기에서 장애를 일으키기 전에 함수가 {written}번만 쓰고 끝났습니다. "
                            "한 번 호출로 토픽을 끝까지 읽어야 합니다. 모든 파티션의 위치가 끝 오프셋에 닿을 때까지 "
                            "반복하세요(run()처럼 마감 시간을 두고).",
    "ex.delivery.duplicates": "레코드 {total}개에 문서가 {count}개입니다. 재시작이 다시 읽은 레코드가 한 번 더 "
                              "저장되었습니다. 문서마다 _id = store.record_id(...)를 주고 replace_one(..., upsert=True)로 "
                              "쓰세요. 그러면 같은 레코드를 두 번째로 쓸 때 첫 번째 문서를 바꿔 씁니다.",
    "ex.delivery.no_id": "문서 {count}개 중 {made}개의 _id가 ObjectId입니다. 문서에 _id가 없어서 MongoDB가 만들어 붙인 "
                         "것이라, 두 번 쓴 레코드는 문서 두 개가 됩니다. _id = store.record_id(record.topic, "
                         "record.partition, record.offset)을 넣으세요.",
    "ex.delivery.not_unique": "레코드 {total}개에 문서가 {count}개뿐입니다. _id가 같은 레코드끼리 서로 덮어썼습니다"
                              "(예: _id {example!r}). 오프셋이나 키만으로는 레코드 하나를 가리키지 못합니다. "
                              "topic:partition:offset을 쓰세요. 예: {wanted!r}, 곧 store.record_id(record.topic, "
                              "record.partition, record.offset).",
    "ex.delivery.id_form": "모든 레코드가 한 번씩 저장되었지만 _id가 {example!r} 같은 형태입니다. 싱크의 레코드 id는 "
                           "topic:partition:offset(예: {wanted!r})입니다. store.record_id(record.topic, "
                           "record.partition, record.offset)을 쓰세요.",
    "ex.delivery.commit_first": "레코드를 잃었습니다: {lost}(파티션: 오프셋). {crash_at}번째 쓰기가 실패했을 때 그룹은 "
                                "이미 {committed}까지 커밋해 두었습니다. 아직 저장하지 않은 레코드를 넘어선 커밋이라, "
                                "재시작은 그 뒤에서 시작했습니다. 이것이 최대 한 번입니다. 커밋은 배치를 저장한 뒤에 "
                                "하고, 그 전에는 하지 마세요.",
    "ex.delivery.commit_on_exit": "레코드를 잃었습니다: {lost}(파티션: 오프셋). {crash_at}번째 쓰기가 실패했는데도 "
                                  "함수가 빠져나가면서 {committed}까지 커밋했습니다. 저장하지 않은 레코드를 넘어선 "
                                  "커밋입니다. enable_auto_commit을 켜 둔 채로 두면(kafka-python의 기본값) close()가 "
                                  "저장 여부와 상관없이 poll한 만큼 커밋합니다. finally 안의 commit()도 마찬가지입니다. "
                                  "enable_auto_commit=False로 두고, 배치를 저장한 뒤에만 커밋하세요.",
    "ex.delivery.went_on": "레코드를 잃었습니다: {lost}(파티션: 오프셋). {crash_at}번째 쓰기가 실패했는데 함수가 오류를 "
                           "잡고 계속 진행해, 저장되지 않은 레코드를 넘어 {committed}까지 커밋했습니다. 쓰기가 실패하면 "
                           "함수도 끝나게 두세요. 장애 난 컨슈머는 더 이상 커밋하지 않습니다.",
    "ex.delivery.not_read": "레코드 {lost}(파티션: 오프셋)는 저장되지 않았고, 그것을 건너뛴 커밋도 없습니다. 함수가 그 "
                            "레코드를 읽지 않은 것입니다. 토픽의 모든 파티션을 할당하고, 파티션마다 위치가 끝 오프셋에 "
                            "닿을 때까지 반복하세요.",
    "ex.delivery.no_commit": "레코드 {total}개가 모두 한 번씩 저장되었지만 그룹이 아무것도 커밋하지 않았습니다. 이대로 "
                             "재시작하면 토픽 전체를 다시 읽습니다. 배치를 저장할 때마다 consumer.commit()을 호출하세요.",
    "ex.delivery.behind": "모든 레코드가 한 번씩 저장되었지만 그룹의 커밋된 오프셋 {committed}이(가) 로그 끝 오프셋 "
                          "{ends}과(와) 다릅니다. 커밋된 오프셋은 다음에 읽을 레코드(마지막으로 저장한 것 + 1)를 "
                          "가리킵니다. 인자 없는 consumer.commit()은 파티션마다 현재 위치를 커밋하니, 마지막 배치까지 "
                          "배치마다 호출하세요.",
    "ex.delivery.right": "첫 실행은 {crash_at}번째 쓰기에서 실패했고, 재시작은 마지막 커밋에서 시작해 레코드 {replayed}개를 "
                         "다시 썼으며 upsert가 그 문서들을 바꿔 썼습니다. 레코드 {total}개에 문서 {total}개, 빠진 것 "
                         "없이 저장되었고, 그룹은 로그 끝 오프셋인 {committed}까지 커밋했습니다. 최소 한 번에 멱등적인 "
                         "쓰기를 더하면 정확히 한 번 저장입니다.",
    "ex.lag.shape": "{{파티션: 랙}} 형태의 dict로 답하세요. 예: {{0: 3, 1: 0}}.",
    "ex.lag.right": "랙(lag) {actual}: 파티션마다 로그 끝 오프셋에서 커밋된 오프셋을 뺀 값입니다(아직 읽을 레코드 "
                    "{left}개).",
    "ex.lag.wrong": "파티션 {wrong}의 값이 틀렸습니다. 랙 = 끝 오프셋 - 커밋된 오프셋입니다(커밋된 오프셋은 그룹이 "
                    "마지막으로 읽은 레코드가 아니라 다음에 읽을 레코드입니다).",
    "ex.no_partition": "토픽 {topic!r}에 파티션 {partition}이(가) 없습니다.",
    "ex.replay.right": "오프셋 {first}..{last}을(를) 다시 읽었습니다. seek은 이 컨슈머의 위치만 옮기고 로그 자체는 "
                       "그대로이므로, 어떤 컨슈머든 다시 읽을(replay) 수 있습니다.",
    "ex.replay.start": "처음 읽은 오프셋이 {got}입니다. 먼저 파티션 {partition}을(를) {start}(으)로 seek하세요.",
    "ex.replay.count": "{start}부터 {last}까지 오프셋 {want}개를 기대했는데 {got}개를 받았습니다. 컨슈머가 시간 "
                       "초과로 멈출 때까지, 이 파티션에서만 계속 읽으세요.",
    "ex.earliest.right": "{earliest}보다 작은 오프셋은 세그먼트와 함께 지워졌습니다. 'earliest'로 시작하는 컨슈머는 "
                         "{earliest}부터 읽고, 번호는 다시 매겨지지 않았습니다.",
    "ex.earliest.zero": "오프셋 0은 리텐션이 지웠습니다. 브로커에 시작 오프셋(beginning offset)을 물어보세요.",
    "ex.earliest.wrong": "{answer}은(는) 남아 있는 첫 오프셋이 아닙니다. 브로커에 물어보세요(beginning offsets).",
    "ex.options.shape": "옵션 이름 → 값의 dict로 답하세요. 받은 것: {kind}.",
    "ex.options.missing": "옵션 {missing}이(가) 빠졌습니다. 시드 문서는 세 옵션을 모두 설정합니다.",
    "ex.options.servers": "kafka.bootstrap.servers가 {given!r}입니다. 직접 입력한 주소가 아니라 "
                          "settings().bootstrap_servers의 브로커 주소를 쓰세요.",
    "ex.options.subscribe": "subscribe에는 읽을 토픽 이름을 씁니다: {given!r}이 아니라 {topic!r}.",
    "ex.options.latest": "'latest'는 각 파티션의 끝에서 시작합니다. 새 쿼리는 시작한 뒤에 도착한 레코드만 봅니다. "
                         "첫 레코드부터 다시 읽으려면 'earliest'를 쓰세요.",
    "ex.options.other": "startingOffsets {given!r}: 'earliest', 'latest' 또는 파티션별 오프셋 JSON을 받습니다. 모든 "
                        "파티션의 첫 레코드부터는 'earliest'입니다.",
    "ex.options.right": "'earliest'는 모든 파티션을 로그 시작 오프셋부터 읽습니다. 이 옵션은 쿼리를 처음 시작할 때만 "
                        "적용됩니다. 체크포인트가 생기면 어디서 이어갈지는 체크포인트가 정합니다.",
    "ex.dropped.shape": "{{'A', 'B'}}처럼 레이블의 set으로 답하세요. 받은 것: {kind}.",
    "ex.dropped.unknown": "모르는 레이블 {unknown}. 측정값 레이블은 {labels}입니다.",
    "ex.dropped.is_dropped": "윈도 {window}는 워터마크 {watermark:%H:%M:%S}에 또는 그 전에 끝났으므로 버려집니다",
    "ex.dropped.kept": "윈도 {window}는 워터마크 {watermark:%H:%M:%S} 뒤에 끝나므로 아직 갱신됩니다",
    "ex.dropped.wrong": "{label} ({event:%H:%M:%S}): {why}. 워터마크 = 가장 최근 이벤트 - 2분.",
    "ex.dropped.right": "워터마크는 {latest:%H:%M:%S} - 2분 = {watermark:%H:%M:%S}입니다. 그때 이미 1분 윈도가 닫힌 "
                        "측정값만 버려집니다(그리고 numRowsDroppedByWatermark로 셉니다).",
    "ex.windows.shape": "my_windows는 집계한 DataFrame을 돌려주는 함수 def my_windows(valid): ... 로 주세요"
                        "(받은 것: {kind}).",
    "ex.windows.raised": "my_windows(valid)가 {error}을(를) 일으켰습니다. 한 단계씩 만들어 보세요: "
                         "valid.withWatermark(...), 다음에 .groupBy(...), 그다음 .agg(...).",
    "ex.windows.not_frame": "my_windows(valid)가 DataFrame이 아닌 {kind}을(를) 돌려주었습니다. .agg(...)의 결과를 "
                            "돌려주세요.",
    "ex.windows.columns": "결과에 {missing} 열이 없습니다(있는 열: {have}). F.window(\"event_time\", \"30 seconds\")와 "
                          "\"sensor_id\"로 묶고, 집계에 .alias(\"readings\")와 .alias(\"max_temperature\")로 이름을 "
                          "붙이세요.",
    "ex.windows.no_watermark": "Spark가 append 모드로 쿼리를 시작하지 않았습니다: {error} append 모드는 워터마크가 "
                               "닫은 윈도를 한 번만 내보냅니다. groupBy 앞에서 윈도가 쓰는 열에 "
                               ".withWatermark(\"event_time\", \"1 minute\")를 부르세요.",
    "ex.windows.failed": "쿼리가 오류로 멈췄습니다: {error}",
    "ex.windows.delay": "쿼리의 워터마크가 {watermark}에서 끝났습니다. 가장 새 이벤트({newest})보다 {behind}초 뒤입니다. "
                        "과제는 1분입니다: .withWatermark(\"event_time\", \"1 minute\").",
    "ex.windows.length": "윈도 길이가 {length}초입니다. 과제는 30초입니다: F.window(\"event_time\", \"30 seconds\").",
    "ex.windows.values": "윈도 {total}개 중 {wrong}개가 다릅니다. 예: {sensor} {start}-{end}의 (측정값 수, 최고 °C)는 "
                         "{expected}여야 하는데 쿼리는 {given}을(를) 내보냈습니다. 모든 측정값을 F.count(\"*\")로 "
                         "세고 F.max(\"temperature\")를 구하세요.",
    "ex.windows.right": "윈도 {windows}개가 한 번씩, 최종 값으로 나왔습니다. 45초 늦은 측정값은 세어졌고, 너무 늦은 "
                        "{dropped}개({late})는 워터마크가 버렸습니다. 가장 새 윈도 {still_open}개는 더 새 이벤트가 "
                        "워터마크를 그 끝 너머로 옮길 때까지 열려 있습니다.",
    "ex.realtime.shape": ".trigger(...)의 키워드 인자 하나를 dict로 답하세요. 예: {{'processingTime': '1 second'}}.",
    "ex.realtime.other": "{name}은(는) Real-time Mode가 아닙니다. Spark 4.1+에서 그 트리거의 이름은 realTime입니다.",
    "ex.realtime.unknown": "trigger()에는 {name!r} 키워드가 없습니다. Real-time Mode의 키워드는 realTime입니다.",
    "ex.realtime.duration": "realTime은 '5 seconds' 같은 텍스트 기간을 받습니다. {value!r}이 아닙니다.",
    "ex.realtime.short": "{value!r}은(는) 최소 5초(spark.sql.streaming.realTimeMode.minBatchDuration)보다 짧아서 "
                         "Spark가 시작을 거부합니다.",
    "ex.realtime.seconds": "{value!r}은(는) {seconds:g} s마다 진행 상황을 커밋합니다. 문제는 5초마다를 요구합니다.",
    "ex.realtime.mode": "출력 모드 {mode!r}: Real-time Mode는 'update'만 지원합니다(행이 계산되는 대로 바로 내보냄).",
    "ex.realtime.right": "outputMode('update')와 trigger(realTime='5 seconds'): 레코드는 바로 흘러갑니다. 5초는 쿼리가 "
                         "체크포인트에 오프셋을 커밋하는 주기일 뿐입니다.",
    "ex.sink.shape": "my_start는 쿼리를 시작하고 그 쿼리를 돌려주는 함수여야 합니다. 받은 것: {kind}.",
    "ex.sink.raised": "함수를 호출하다가 실패했습니다: {error}. 트레이스백 전체를 보려면 my_start()를 직접 호출해 "
                      "보세요.",
    "ex.sink.no_query": "함수가 쿼리가 아니라 {kind}을(를) 돌려주었습니다. 함수 끝에서 return (...).start()로 쿼리를 "
                        "돌려주세요.",
    "ex.sink.blocked": "함수가 {timeout:.0f} s 안에 돌아오지 않아서 확인이 그 함수가 시작한 쿼리를 멈췄습니다. 끝나지 "
                       "않는 쿼리를 기다리고 있습니다(trigger(availableNow=True) 없이 awaitTermination()). start()가 "
                       "돌려준 쿼리를 바로 돌려주세요.",
    "ex.sink.topic": "쿼리가 {topic!r}이 아니라 {source}을(를) 읽습니다. EX_TOPIC을 subscribe하세요.",
    "ex.sink.running": "쿼리가 레코드를 모두 읽고 {grace:.0f} s가 지나도록 계속 실행 중이어서 확인이 멈췄습니다. "
                       ".trigger(availableNow=True)를 주세요. 토픽에 있는 것을 필요한 만큼의 배치로 읽고 스스로 "
                       "멈춥니다.",
    "ex.sink.no_batch": "쿼리가 {timeout:.0f} s 안에 배치를 하나도 끝내지 못해서 확인이 멈췄습니다. "
                        "s.bootstrap_servers의 {topic!r}을 subscribe하고 있나요?",
    "ex.sink.failed": "쿼리가 실패했습니다: {error}. my_start()를 직접 실행하고 query.exception()에서 전체 내용을 "
                      "읽어 보세요.",
    "ex.sink.clash": "첫 실행에서 MongoDB가 문서를 거부했습니다: {error}. 레코드 두 개가 같은 _id를 받았습니다. "
                     "레코드마다 고유한 것, 곧 topic, partition, offset으로 _id를 만드세요.",
    "ex.sink.stopped": "쿼리가 배치를 하나도 실행하기 전에 멈췄습니다. 함수 안에서 멈추지 마세요. "
                       "trigger(availableNow=True)면 모두 읽은 뒤에 스스로 멈춥니다.",
    "ex.sink.latest": "첫 실행이 {topic!r}에 있는 레코드 {total}개 중 하나도 읽지 않았습니다. startingOffsets가 "
                      "'latest'인 새 쿼리(옵션을 빼면 Spark는 이 값을 씁니다)는 각 파티션의 끝에서 시작합니다. "
                      ".option(\"startingOffsets\", \"earliest\")를 설정하세요.",
    "ex.sink.empty": "쿼리가 레코드 {read}개를 읽었는데 컬렉션 {collection!r}이(가) 비어 있습니다. 배치마다 "
                     "EX_COLLECTION에 쓰세요.",
    "ex.sink.not_parsed": "문서에 측정값의 필드가 아니라 Kafka 레코드의 값(예: {example})이 들어 있습니다. "
                          "from_json(F.col(\"value\").cast(\"string\"), schema)로 파싱하고 구조체의 필드를 "
                          "저장하세요(.select(\"reading.*\")).",
    "ex.sink.nulls": "문서 {total}개 중 {count}개에 {field}가 없습니다(예: {example}). JSON에 그 이름의 필드가 없으면 "
                     "from_json은 null을 줍니다. 스키마의 필드 이름을 JSON과 똑같이(sensor_id, temperature, "
                     "timestamp) 짓고, 문서의 최상위에 저장하세요.",
    "ex.sink.text": "{field}가 숫자가 아니라 텍스트로 저장되었습니다(예: {value!r}). 스키마가 STRING으로 선언했기 "
                    "때문입니다. JSON이 보내는 타입으로 선언하세요: temperature DOUBLE, timestamp LONG.",
    "ex.sink.count": "첫 실행의 레코드 {total}개에 문서가 {count}개입니다. 싱크가 어떤 레코드를 두 번 이상 "
                     "저장했습니다.",
    "ex.sink.not_unique": "레코드 {total}개에 문서가 {count}개뿐입니다. 같은 _id를 받은 레코드끼리 서로 덮어썼습니다"
                          "(예: {example!r}). 레코드마다 고유한 것, 곧 topic, partition, offset으로 _id를 만드세요.",
    "ex.sink.from_start": "재시작이 레코드 {read}개를 읽었습니다. 첫 실행이 멈춘 곳({stopped})이 아니라 첫 오프셋부터 "
                          "다시 시작했으니, 체크포인트에서 이어가지 않은 것입니다. .option(\"checkpointLocation\", "
                          "EX_CHECKPOINT)을 주고 시작할 때마다 같은 폴더를 쓰세요(체크포인트를 주지 않으면 Spark는 "
                          "시작할 때마다 새 임시 폴더를 씁니다). 실행 사이에 그 폴더를 지우지 마세요.",
    "ex.sink.no_id": "레코드 {total}개에 문서가 {count}개이고, 그중 {made}개의 _id가 ObjectId입니다. 재시작이 {batch}번 "
                     "배치를 다시 실행했고(싱크가 쓴 직후에 장애가 난 것처럼 확인이 그 커밋을 지웠습니다), 싱크가 "
                     "그 레코드 {replayed}개를 새 id로 한 번 더 넣었습니다. 문서마다 레코드에서 얻은 _id(예: "
                     "topic:partition:offset)를 주고, 그 _id로 바꿔 쓰거나 넣으세요(store.write가 그렇게 합니다).",
    "ex.sink.duplicates": "레코드 {total}개에 문서가 {count}개입니다. 재시작이 {batch}번 배치를 다시 실행했고(싱크가 쓴 "
                          "직후에 장애가 난 것처럼 확인이 그 커밋을 지웠습니다), 그 레코드 {replayed}개가 새 _id로 한 "
                          "번 더 저장되었습니다. _id는 레코드 자체에서 얻고(예: topic:partition:offset), 그 _id로 바꿔 "
                          "쓰거나 넣으세요(store.write가 그렇게 합니다).",
    "ex.sink.refused": "재시작이 {batch}번 배치를 다시 실행했고(싱크가 쓴 직후에 장애가 난 것처럼 확인이 그 커밋을 "
                       "지웠습니다), MongoDB가 그 레코드들을 거부했습니다: {error}. insert는 이미 저장된 _id에서 "
                       "실패합니다. 대신 _id로 바꿔 쓰거나 넣으세요(store.write, 또는 replace_one(..., "
                       "upsert=True)).",
    "ex.sink.elsewhere": "모든 레코드가 한 번씩 저장되었지만 {checkpoint}에는 쿼리의 커밋이 없습니다(마지막 커밋: "
                         "{committed}, 로그 끝: {ends}). 쿼리가 체크포인트를 다른 곳에 둡니다. 확인이 볼 수 있도록 "
                         "checkpointLocation으로 EX_CHECKPOINT를 쓰세요.",
    "ex.sink.right": "첫 실행은 레코드 {first}개를 배치 {batches}개로 읽고 스스로 멈췄습니다. 그다음 확인이 "
                     "commits/{batch} 파일을 지웠습니다. 싱크가 {batch}번 배치를 저장한 뒤, Spark가 그것을 기록하기 전에 "
                     "프로세스가 죽은 것처럼요. 재시작은 {batch}번 배치를 같은 오프셋으로 다시 실행했고(레코드 "
                     "{replayed}개를 한 번 더 썼고 _id로 바꿔 썼습니다), 그다음 새 레코드 {new}개만 읽었습니다. 레코드 "
                     "{total}개에 문서 {total}개, 온도는 숫자이고, 체크포인트의 마지막 커밋은 로그 끝 {ends}에 "
                     "있습니다.",
    "ex.hottest.shape": "문서 자체(find_one이 돌려준 dict)로 답하세요. 받은 것: {kind}.",
    "ex.hottest.none": "아직 저장된 {sensor}의 측정값이 없습니다. 위의 파이프라인 셀을 먼저 실행하세요.",
    "ex.hottest.sensor": "그 측정값은 {given!r}의 것입니다. {{'sensor_id': {sensor!r}}}로 필터링하세요.",
    "ex.hottest.hotter": "{sensor}에는 더 뜨거운 측정값이 있습니다({top} °C, 답은 {given}). 온도 내림차순 "
                         "[('temperature', -1)]으로 정렬하세요.",
    "ex.hottest.right": "{sensor}의 최고 온도는 {top} °C입니다. 정렬을 준 find_one은 정렬된 결과의 첫 문서를 돌려줍니다.",
    "ex.pipeline.shape": "파이프라인은 단계의 list이고, 각 단계는 {{'$group': {{...}}}} 같은 dict입니다.",
    "ex.pipeline.refused": "MongoDB가 파이프라인을 거부했습니다: {error}.",
    "ex.pipeline.empty": "아직 저장된 측정값이 없습니다. 위의 파이프라인 셀을 먼저 실행하세요.",
    "ex.pipeline.ids": "센서마다 _id = sensor_id인 행 하나({sensors})를 기대했는데 _id 값 {ids}을(를) 받았습니다. "
                       "'$sensor_id'로 그룹을 묶으세요.",
    "ex.pipeline.mean": "{sensor}: 평균 온도 {mean:.2f}을(를) 담은 필드가 없습니다. {{'$avg': '$temperature'}}를 "
                        "쓰세요.",
    "ex.pipeline.sort": "평균은 맞지만 센서 순으로 정렬되지 않았습니다. {{'$sort': {{'_id': 1}}}}을 더하세요.",
    "ex.pipeline.right": "$group이 센서마다 측정값을 모으고, $avg가 온도의 평균을 내고, $sort가 행을 정렬합니다. "
                         "계산은 MongoDB가 했고, 결과만 오갔습니다.",
    "ex.plot.shape": "matplotlib Figure 자체(fig, ax = plt.subplots()의 fig)를 넘기세요. 받은 것: {kind}.",
    "ex.plot.none": "아직 저장된 {sensor}의 측정값이 없습니다. 위의 파이프라인 셀을 먼저 실행하세요.",
    "ex.plot.no_line": "그림에 선이 없습니다. ax.plot(times, temps)로 선을 그리세요.",
    "ex.plot.sensor": "그것은 {sensor}이 아니라 {given}의 측정값입니다. {{'sensor_id': {sensor!r}}}로 필터링하세요.",
    "ex.plot.values": "선의 y 값 {count}개가 {sensor}의 온도가 아닙니다({sensor}의 측정값은 {total}개). {sensor}의 "
                      "문서만 골라 각 문서의 'temperature'를 시각에 맞춰 그리세요.",
    "ex.plot.few": "선에 {sensor}의 측정값 {total}개 중 {count}개만 있습니다. limit을 빼고 find_one 대신 find를 써서 "
                   "모든 측정값을 그리세요.",
    "ex.plot.not_times": "x 값이 시각이 아니라 {example!r} 같은 값입니다. 각 타임스탬프를 "
                         "datetime.fromtimestamp(ts, timezone.utc)로 바꾸세요(또는 문서의 'time' 필드를 쓰세요).",
    "ex.plot.unsorted": "측정값이 시간 순서가 아니어서 선이 앞뒤로 오갑니다. 쿼리를 timestamp 기준으로 오래된 것부터 "
                        "정렬하세요: .sort('timestamp', 1).",
    "ex.plot.labels": "{missing} 축에 이름표가 없습니다. ax.set_xlabel(...)과 ax.set_ylabel(...)을 호출하세요.",
    "ex.plot.title": "그림에 제목이 없습니다. ax.set_title(...)을 호출하세요.",
    "ex.plot.right": "선에 {sensor}의 측정값 {count}개가 모두 시간 순서대로 들어 있고, x축은 날짜이며, 두 축에 "
                     "이름표가, 그림에 제목이 있습니다.",
    "check.packages": "Python 패키지: {packages}",
    "check.kafka": "Kafka {version}: {where}, 토픽 {topic!r}",
    "check.mongo": "MongoDB: {where}, 데이터베이스 {database!r}",
    "check.spark": "Spark: 마스터 {master}, 커넥터 {connector}, Java {java}",
    "check.external": "외부 서버",
    "check.embedded": "내장",
    "check.embedded_mongo": "내장 mongo-java-server",
    "check.not_ready": "준비되지 않았습니다:",
    "check.problem": "- {name}: {detail}. 해결: {fix}",
    "check.ready": "준비 완료: Kafka와 MongoDB가 응답하고, Spark에 Kafka 커넥터가 있습니다.",
    "doctor.header": "Kafka {version} (내장) · 워크숍 홈 {home}",
    "doctor.fix": "해결",
    "doctor.changed": "환경 변수로 바꾼 설정: {settings}",
    "doctor.defaults": "없음 (README.ko.md › 설정의 기본값)",
    "doctor.all_good": "모두 정상입니다.",
    "doctor.python_fix": "Python 3.11 이상을 설치하고 설치 과정을 다시 실행하세요",
    "doctor.java_at": "{version}, 위치 {path}",
    "doctor.java_fix": "JDK 17 이상을 설치하고 JAVA_HOME을 설정하세요",
    "doctor.missing": "없음",
    "doctor.connector": "pyspark {pyspark}, 커넥터 {connector}",
    "doctor.jars_missing": "{count}개 없음",
    "doctor.jars_cached": "모두 내려받음",
    "doctor.prefetch_fix": "python -m workshop prefetch (한 번은 네트워크 필요)",
    "doctor.optional": "{title} (선택)",
    "doctor.answering": "{address}에서 응답함",
    "doctor.not_answering": "{address}에서 응답하지 않음",
    "doctor.external_fix": "그 서버를 시작하거나 {variable}를 해제하세요",
    "doctor.free_optional": "실행 중 아님 (포트 {port} 비어 있음; {how})",
    "doctor.group.mqtt": "선택, `up --mqtt`가 시작함",
    "doctor.group.spark-cluster": "선택, `up --spark-cluster`가 시작함",
    "doctor.group.brokers": "선택, `up --brokers 3`이 시작함",
    "doctor.not_running": "실행 중 아님 (포트 {port} 비어 있음)",
    "doctor.port_taken": "포트 {port}을(를) 다른 프로그램이 쓰고 있음",
    "doctor.port_fix": "그 프로그램을 멈추거나 다른 포트를 고르세요 ({variable})",
    "doctor.problems": "고칠 문제 {count}개.",
    "err.mongo_down": "MongoDB가 {uri}에서 응답하지 않습니다({error}). `python -m workshop up`을 실행하거나, 응답하는 "
                      "서버로 MONGO_URI를 설정하세요",
    "err.kafka_down": "Kafka가 {address}에서 응답하지 않습니다. `python -m workshop up`을 실행하거나, 응답하는 브로커로 "
                      "KAFKA_BOOTSTRAP_SERVERS를 설정하세요",
    "err.external_down": "{name}이(가) {address}에서 응답하지 않습니다({variable}). 그 서버를 시작하거나 {variable}를 "
                         "해제하세요",
    "err.port_taken": "포트 {port}을(를) 다른 프로그램이 이미 쓰고 있어서 워크숍의 {what}을(를) 그 포트에서 시작할 수 "
                      "없습니다. 그 프로그램을 멈추거나, {variable}=<포트>로 다른 포트를 고르세요{alternative}.",
    "err.not_caught_up": "쿼리 {name!r}이(가) {timeout:.0f} s가 지나도록 토픽을 따라잡지 못했습니다",
    "err.no_leader": "토픽 {name!r}의 모든 파티션에 {timeout:.0f} s가 지나도록 리더가 없습니다",
    "err.no_topic": "토픽 {name!r}이(가) {address}에 없습니다. 먼저 만드세요",
    "err.group_unsettled": "컨슈머 {count}개짜리 그룹이 제때 자리 잡지 못했습니다(지금 {owned}). 브로커가 바쁜가요? 셀을 "
                           "다시 실행하세요.",
    "err.group_read_short": "그룹이 {timeout:.0f} s 동안 레코드 {target}개 중 {read}개만 읽었습니다",
    "err.read_short": "컨슈머 {consumers}개가 {timeout:.0f} s 동안 레코드 {target}개 중 {read}개만 읽었습니다",
    "err.mqtt_ack": "{address}의 MQTT 브로커가 30 s 안에 측정값을 확인하지 않았습니다",
    "err.topics_not_deleted": "삭제하고 {timeout:.0f} s가 지났는데 토픽 {topics}이(가) 아직 있습니다. 브로커가 "
                              "과부하인가요? 셀을 다시 실행하세요.",
    "err.assignment_unsettled": "그룹이 {timeout:.0f} s 안에 멤버마다 파티션 {sizes}개씩으로 자리 잡지 못했습니다"
                                "(지금 {owned}). 브로커가 바쁜가요? 셀을 다시 실행하세요.",
    "err.partitions_not_added": "파티션을 추가하고 {timeout:.0f} s가 지났는데 토픽 {topic!r}의 파티션은 {total}개 중 "
                                "{have}개입니다. 브로커가 바쁜가요? 셀을 다시 실행하세요.",
    "err.unanswered": "프로듀서를 멈추고 {timeout:.0f} s가 지났는데 레코드 {count}개가 아직 응답을 받지 못했습니다",
    "err.read_to_end": "{timeout:.0f} s 동안 레코드 {target}개 중 {read}개만 읽었습니다",
    "cluster.broker": "브로커 {node}",
    "cluster.broker_down": "브로커 {node} (다운)",
    "cluster.leader": "리더",
    "cluster.follower": "동기화됨",
    "cluster.out": "동기화 안 됨",
    "widget.sensors": "센서 수",
    "widget.rate": "초당 레코드",
    "widget.start": "시작",
    "widget.stop": "정지",
    "widget.malformed": "잘못된 레코드 주입",
    "widget.anomaly": "이상값 주입",
    "widget.stop_refreshing": "새로 고침 중지",
    "widget.still_running": "{timeout:.0f} s가 지났는데 프로듀서가 아직 실행 중입니다. .stop()으로 멈추세요",
    "plot.reading": "측정값",
    "plot.window_average": "윈도 평균",
    "plot.anomaly": "이상값",
    "plot.no_readings": "아직 저장된 측정값이 없습니다",
    "plot.event_time": "이벤트 시각 (UTC)",
    "plot.temperature_title": "센서별 온도",
    "plot.stats_title": "센서별 평균 온도 (막대: 최솟값–최댓값)",
    "font.missing": "한글 글꼴을 찾지 못했습니다. 이대로면 한글 레이블이 빈 네모로 보입니다. 글꼴을 설치한 뒤 커널을 "
                    "다시 시작하세요. 예: `sudo apt-get install fonts-noto-cjk`(Debian/Ubuntu), "
                    "`brew install --cask font-noto-sans-cjk-kr`(macOS), 맑은 고딕(Windows 기본 글꼴).",
}

TABLES = {"en": EN, "ko": KO}


def say(message: str, /, lang: str | None = None, **values: object) -> str:
    """The message with this key in the learner's language (or `lang`), filled with `values`; English if not translated."""
    table = TABLES.get(lang or language(), EN)
    return table.get(message, EN[message]).format(**values)


@dataclass(frozen=True)
class Phrase:
    """A message kept as its key and values, so it can be said later in either language (an exercise's verdict)."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    def said(self, lang: str | None = None) -> str:
        """The message in `lang` (default: the learner's); values that are phrases, or lists of them, said in it too."""
        return say(self.key, lang=lang, **{name: _said(value, lang) for name, value in self.values.items()})


def _said(value: object, lang: str | None) -> object:
    """A phrase said in `lang`; a list of phrases said and joined with '; '; anything else as it is."""
    if isinstance(value, Phrase):
        return value.said(lang)
    if isinstance(value, list) and value and all(isinstance(item, Phrase) for item in value):
        return "; ".join(item.said(lang) for item in value)
    return value
