"""How the pipeline names a failure: MongoDB down against Kafka's data loss met while MongoDB's connector writes."""
from __future__ import annotations

from workshop import streaming

CONNECTOR_FRAMES = ("\tat com.mongodb.spark.sql.connector.write.MongoDataWriter.write(MongoDataWriter.java:87)\n"
                    "\tat com.mongodb.spark.sql.connector.write.MongoDataWriter.write(MongoDataWriter.java:41)\n")


def test_a_mongodb_driver_exception_is_mongodb() -> None:
    down = ("Job aborted: org.apache.spark.SparkException: com.mongodb.MongoTimeoutException: Timed out while waiting "
            "for a server that matches WritableServerSelector\n" + CONNECTOR_FRAMES)
    refused = "com.mongodb.MongoSocketOpenException: Exception opening socket\n" + CONNECTOR_FRAMES
    assert streaming._from_mongodb(down) and streaming._from_mongodb(refused)


def test_kafka_data_loss_inside_the_connectors_write_is_not_mongodb() -> None:
    lost = ("org.apache.spark.SparkException: [KAFKA_DATA_LOSS.START_OFFSET_RESET] Some data may have been lost "
            "because they are not available in Kafka any more. If you don't want your streaming query to fail on "
            "such cases, set the source option 'failOnDataLoss' to 'false'.\n" + CONNECTOR_FRAMES)
    assert not streaming._from_mongodb(lost)
    assert not streaming._from_mongodb("org.apache.kafka.clients.consumer.OffsetOutOfRangeException\n" + CONNECTOR_FRAMES)


def test_the_connectors_frames_alone_are_not_mongodb() -> None:
    assert not streaming._from_mongodb("java.lang.ArithmeticException: / by zero\n" + CONNECTOR_FRAMES)


def test_a_failed_foreachbatch_function_is_reported_with_its_python_error() -> None:
    text = ("An exception was raised by the Python Proxy. Return Message: Traceback (most recent call last):\n"
            '  File "clientserver.py", line 617, in _call_proxy\n    return_value = getattr(obj, method)(*params)\n'
            "pymongo.errors.ServerSelectionTimeoutError: 127.0.0.1:27017: timed out\n\n"
            "=== Streaming Query ===\nIdentifier: readings [id = 1]\n")
    assert streaming.first_and_cause(text) == (
        "An exception was raised by the Python Proxy. Return Message: Traceback (most recent call last): … "
        "pymongo.errors.ServerSelectionTimeoutError: 127.0.0.1:27017: timed out")
    assert streaming.first_and_cause("Kafka went away\n=== Streaming Query ===\nId: x") == "Kafka went away"
