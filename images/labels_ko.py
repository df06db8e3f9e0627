"""Korean labels of the diagrams (`python images/draw.py --lang ko` draws them into images/ko/).

Keys are the English labels exactly as draw.py writes them; `{}` in a key stands for one word.
A label drawn without an entry here is reported (and fails tests/test_images.py); code and names map to themselves.
"""

LABELS: dict[str, str] = {
    # templates
    "partition {}": "파티션 {}",
    "topic {}": "토픽 {}",
    "Kafka topic {}": "Kafka 토픽 {}",
    "broker {}": "브로커 {}",
    "consumer {}": "컨슈머 {}",
    "subscriber {}": "구독자 {}",
    "group {}": "그룹 {}",
    # flow_overview
    "Data flow: from sensors to pictures": "데이터 흐름: 센서에서 그래프까지",
    "One way in, one way out: every reading passes Kafka, Spark and MongoDB":
        "들어오는 길도 나가는 길도 하나: 모든 측정값이 Kafka, Spark, MongoDB를 거칩니다",
    "Sensors": "센서",
    "producer\n(kafka-python)": "프로듀서\n(kafka-python)",
    "key = sensor_id:\none sensor → one partition,\nits readings stay in order":
        "키 = sensor_id:\n센서 하나 → 파티션 하나,\n측정값 순서가 유지됨",
    "produce": "전송",
    "Spark Structured\nStreaming": "Spark Structured\nStreaming",
    'readStream\n.format("kafka")\n\nparse JSON\nvalidate\nforeachBatch → insert once':
        'readStream\n.format("kafka")\n\nJSON 파싱\n검증\nforeachBatch → 한 번만 저장',
    "read": "읽기",
    "MongoDB": "MongoDB",
    "readings": "readings",
    "+ window\naggregates": "+ 윈도\n집계",
    "quarantine": "quarantine",
    "raw value,\npartition/\noffset, reason": "원본 값,\n파티션/\n오프셋, 사유",
    "valid": "정상",
    "invalid": "비정상",
    "plots\n(matplotlib)\n\nlive views\n(ipywidgets)": "그래프\n(matplotlib)\n\n실시간 화면\n(ipywidgets)",
    "inspect": "확인",
    "one reading = one Kafka record (value; key = sensor_id)": "측정값 하나 = Kafka 레코드 하나 (값; 키 = sensor_id)",
    "exactly once across restarts:\n_id = topic:partition:offset, stored once":
        "재시작해도 정확히 한 번:\n_id = topic:partition:offset, 한 번만 저장",
    # flow_chart
    "The workshop end to end": "워크숍 전체 흐름",
    "Seven steps, in the order the notebooks take them": "노트북이 다루는 순서대로, 일곱 단계",
    "Start the stack": "스택 시작",
    "python -m workshop up\n(or docker compose up)": "python -m workshop up\n(또는 docker compose up)",
    "Create the topic": "토픽 생성",
    "sensor-stream\n2 partitions, replication 1": "sensor-stream\n파티션 2개, 복제 1",
    "Produce readings": "측정값 전송",
    "seeded sensor simulator\nkey = sensor_id, JSON value": "시드 고정 센서 시뮬레이터\n키 = sensor_id, 값 = JSON",
    "Spark reads the topic": "Spark가 토픽 읽기",
    'readStream.format("kafka")\nsubscribe sensor-stream': 'readStream.format("kafka")\nsubscribe sensor-stream',
    "Validate": "검증",
    "all 3 fields present?\n-60 °C ≤ temperature ≤ 150 °C?\nnot far in the future?":
        "세 필드가 모두 있는가?\n-60 °C ≤ 온도 ≤ 150 °C?\n너무 먼 미래가 아닌가?",
    "parse JSON": "JSON 파싱",
    "valid?": "정상?",
    "Store": "저장",
    "MongoDB readings\n+ window aggregates": "MongoDB readings\n+ 윈도 집계",
    "Quarantine": "격리",
    "raw value, partition/offset,\nreason": "원본 값, 파티션/오프셋,\n사유",
    "yes": "예",
    "no": "아니요",
    "Plot and watch": "그래프로 보기",
    "matplotlib charts\nipywidgets live view": "matplotlib 차트\nipywidgets 실시간 화면",
    "a restart resumes from Spark's checkpoint;\nnothing is lost or stored twice":
        "재시작하면 Spark 체크포인트에서 이어 가므로\n잃어버리거나 두 번 저장되는 것이 없음",
    # mqtt_bridge
    "Optional extension: sensors speak MQTT": "선택적 확장: MQTT로 말하는 센서",
    "A small bridge turns MQTT messages into Kafka records; everything after Kafka stays the same":
        "작은 브리지가 MQTT 메시지를 Kafka 레코드로 바꿉니다. Kafka 뒤의 모든 것은 그대로입니다",
    "Devices": "장치",
    "MQTT broker": "MQTT 브로커",
    "e.g. Eclipse Mosquitto\n\ntopics\nsensors/sensor_1\nsensors/sensor_2 …":
        "예: Eclipse Mosquitto\n\n토픽\nsensors/sensor_1\nsensors/sensor_2 …",
    "publish\nQoS 1": "발행\nQoS 1",
    "Bridge": "브리지",
    "subscribes sensors/+\nproduces to Kafka\nkey = sensor_id\n(taken from the topic)":
        "sensors/+ 구독\nKafka로 전송\n키 = sensor_id\n(토픽에서 꺼냄)",
    "subscribe": "구독",
    "Kafka": "Kafka",
    "sensor-stream\n2 partitions": "sensor-stream\n파티션 2개",
    "Spark\n→ MongoDB\n→ plots\n(unchanged)": "Spark\n→ MongoDB\n→ 그래프\n(그대로)",
    "MQTT is good at the edge": "MQTT는 가장자리(edge)에 강함",
    "tiny messages, battery devices, flaky links;\nkeeps no history for late readers":
        "작은 메시지, 배터리 장치, 불안정한 연결;\n늦게 온 구독자를 위한 기록은 없음",
    "Kafka is good in the middle": "Kafka는 가운데에 강함",
    "a durable, partitioned log that Spark can\nread, re-read and scale out":
        "Spark가 읽고, 다시 읽고, 확장할 수 있는\n내구성 있는 파티션 로그",
    # kafka_1_overview
    "Kafka at a glance": "한눈에 보는 Kafka",
    "Producers write records to topics; consumers read them at their own pace":
        "프로듀서는 토픽에 레코드를 쓰고, 컨슈머는 각자의 속도로 읽습니다",
    "Kafka cluster (brokers)": "Kafka 클러스터 (브로커)",
    "Databases": "데이터베이스",
    "change events, triggers": "변경 이벤트, 트리거",
    "IoT events": "IoT 이벤트",
    "sensor data streams": "센서 데이터 스트림",
    "Web events": "웹 이벤트",
    "clicks, page views": "클릭, 페이지 뷰",
    "Logs": "로그",
    "server & application logs": "서버·애플리케이션 로그",
    "Stream processing": "스트림 처리",
    "Spark Structured Streaming": "Spark Structured Streaming",
    "Dashboards & alerts": "대시보드와 알림",
    "live views, alarms": "실시간 화면, 경보",
    "Storage": "저장소",
    "MongoDB, data lake": "MongoDB, 데이터 레이크",
    "Other services": "다른 서비스",
    "microservices": "마이크로서비스",
    "push": "보내기(push)",
    "pull": "가져오기(pull)",
    # kafka_2_page_cache
    "Inside a broker: page cache first, then disk": "브로커 내부: 먼저 페이지 캐시, 그다음 디스크",
    "Fast because writes and recent reads touch memory; durable because the OS flushes and replicas copy":
        "쓰기와 최근 읽기가 메모리에서 일어나 빠르고, OS의 플러시와 복제본 덕분에 안전합니다",
    "Producer": "프로듀서",
    "sends a\nbatch": "배치를\n보냄",
    "One broker machine": "브로커 머신 한 대",
    "Kafka process": "Kafka 프로세스",
    "appends to the\npartition log": "파티션 로그에\n덧붙임",
    "OS page cache (memory)": "OS 페이지 캐시 (메모리)",
    "Disk": "디스크",
    "segment files\n00000000000000000000.log": "세그먼트 파일\n00000000000000000000.log",
    "1  write": "1  쓰기",
    "2  append": "2  덧붙이기",
    "3  flush\n(OS, in the background)": "3  플러시\n(OS가 백그라운드에서)",
    "Consumer": "컨슈머",
    "polls; recent\nrecords come\nfrom memory": "poll; 최근\n레코드는\n메모리에서",
    "4  read": "4  읽기",
    "old data: read from disk": "오래된 데이터: 디스크에서 읽음",
    "Durability": "내구성",
    "does not fsync every\nrecord; it relies on\nreplicas (acks=all) and\nthe OS flush":
        "레코드마다 fsync하지\n않고, 복제본(acks=all)과\nOS 플러시에\n기댑니다",
    # kafka_3_topic_partitions
    "A topic is made of partitions, spread over brokers": "토픽은 여러 브로커에 흩어진 파티션들로 이루어집니다",
    "Topic orders: 3 partitions, replication factor 2 (one leader and one follower copy each)":
        "토픽 orders: 파티션 3개, 복제 계수 2 (각각 리더 하나와 팔로워 복제본 하나)",
    "partition 0: leader": "파티션 0: 리더",
    "partition 1: leader": "파티션 1: 리더",
    "partition 2: leader": "파티션 2: 리더",
    "partition {}: follower (copy of broker {})": "파티션 {}: 팔로워 (브로커 {}의 복제본)",
    "Producers write to a partition's leader; followers copy it and take over if its broker fails.\n"
    "The workshop runs one broker with replication factor 1: two partitions, no copies.":
        "프로듀서는 파티션의 리더에 쓰고, 팔로워는 그것을 복제하다가 리더의 브로커가 죽으면 이어받습니다.\n"
        "이 워크숍은 브로커 하나, 복제 계수 1로 돕니다: 파티션 2개, 복제본 없음.",
    # kafka_4_partition_log
    "A partition is an append-only log": "파티션은 덧붙이기만 하는(append-only) 로그입니다",
    "Topic sensor-stream, partition 0: records get increasing offsets and are kept for the retention period":
        "토픽 sensor-stream, 파티션 0: 레코드는 증가하는 오프셋을 받고 리텐션 기간 동안 보관됩니다",
    "offset": "오프셋",
    "→ keeps being\n   appended": "→ 계속\n   추가됨",
    "producer": "프로듀서",
    "append": "덧붙이기",
    "deleted after retention.ms\n(default 7 days)": "retention.ms 뒤 삭제\n(기본 7일)",
    "kept: any reader can re-read these at any time": "보관됨: 어떤 컨슈머든 언제든 다시 읽을 수 있음",
    "log start offset = 3": "로그 시작 오프셋 = 3",
    "group replay\nseeks back and re-reads": "그룹 replay는\n되돌아가 다시 읽음",
    "group dashboard:\ncommitted offset 8": "그룹 dashboard:\n커밋된 오프셋 8",
    "log end offset = 10\n(next record's offset)": "로그 끝 오프셋 = 10\n(다음 레코드의 오프셋)",
    "Reading does not remove anything: each reader only remembers its own position (offset).":
        "읽어도 아무것도 지워지지 않습니다. 각 컨슈머는 자기 위치(오프셋)만 기억합니다.",
    # kafka_5_consumer_groups
    "Consumers and consumer groups": "컨슈머와 컨슈머 그룹",
    "Inside a group the partitions are shared out; every group reads every record":
        "그룹 안에서는 파티션을 나눠 갖고, 모든 그룹은 모든 레코드를 읽습니다",
    "reads P0\nat offset 5": "P0을\n오프셋 5에서 읽음",
    "reads P1\nat offset 4": "P1을\n오프셋 4에서 읽음",
    "idle: more consumers\nthan partitions": "유휴: 컨슈머가\n파티션보다 많음",
    "reads P0 at offset 2\nand P1 at offset 1": "P0을 오프셋 2에서,\nP1을 오프셋 1에서 읽음",
    "a slower group has\nits own offsets and\ndoes not hold the\nothers back": "느린 그룹은\n자기 오프셋을 가지며\n다른 그룹을\n붙잡지 않음",
    "Spark's Kafka source is a reader too,\nbut keeps offsets in its checkpoint":
        "Spark의 Kafka 소스도 컨슈머이지만,\n오프셋은 체크포인트에 보관합니다",
    # kafka_use_cases
    "What Kafka is used for": "Kafka는 어디에 쓰이나",
    "Anywhere many systems produce events that many others need, now and later":
        "많은 시스템이 만든 이벤트를 다른 많은 시스템이 지금도, 나중에도 필요로 하는 곳이면 어디든",
    "IoT and sensor data": "IoT와 센서 데이터",
    "readings from thousands of devices\n(this workshop)": "수천 대 장치의 측정값\n(이 워크숍)",
    "why Kafka: absorbs bursts; replay after a bug": "왜 Kafka: 몰려드는 데이터를 흡수, 버그 뒤 재처리",
    "Activity tracking": "사용자 활동 추적",
    "web clicks, page views, searches\nfor recommendations": "웹 클릭, 페이지 뷰, 검색을\n추천에 활용",
    "why Kafka: huge volume, many readers": "왜 Kafka: 막대한 양, 많은 컨슈머",
    "Log and metrics collection": "로그와 지표 수집",
    "every server's logs in one place,\nfed to search and alerting": "모든 서버의 로그를 한곳에 모아\n검색과 알림으로 전달",
    "why Kafka: one pipeline instead of N × M links": "왜 Kafka: N × M 연결 대신 파이프라인 하나",
    "Change data capture": "변경 데이터 캡처 (CDC)",
    "each database change becomes an\nevent other systems can follow": "데이터베이스의 변경 하나하나가\n다른 시스템이 따라갈 이벤트로",
    "why Kafka: ordered per key; readers catch up": "왜 Kafka: 키별 순서 보장, 컨슈머가 따라잡음",
    "Spark, Flink or Kafka Streams\ncompute while data arrives": "Spark, Flink, Kafka Streams가\n데이터가 도착하는 대로 계산",
    "why Kafka: partitions = parallel work": "왜 Kafka: 파티션 = 병렬 작업",
    "Messaging between services": "서비스 간 메시징",
    "microservices talk through topics\ninstead of calling each other": "마이크로서비스가 서로 호출하는 대신\n토픽으로 대화",
    "why Kafka: a service may be down; events wait": "왜 Kafka: 서비스가 멈춰도 이벤트는 기다림",
    # kafka_workflow
    "How a record travels": "레코드 하나가 지나가는 길",
    "Producer, broker and consumer, one step at a time": "프로듀서, 브로커, 컨슈머를 한 단계씩",
    "Broker\n(partition leader)": "브로커\n(파티션 리더)",
    'send(key="sensor_1", value=JSON)': 'send(key="sensor_1", value=JSON)',
    "append to partition 0 at offset 42": "파티션 0의 오프셋 42에 덧붙임",
    "ack (acks=all: the in-sync replicas have it)": "ack (acks=all: 동기화된 복제본이 모두 받음)",
    "poll(): fetch partition 0 from offset 40": "poll(): 파티션 0을 오프셋 40부터 가져옴",
    "records 40, 41, 42": "레코드 40, 41, 42",
    "process: parse, validate, store": "처리: 파싱, 검증, 저장",
    "commit offset 43 (the next one to read)": "오프셋 43 커밋 (다음에 읽을 위치)",
    # pubsub_model
    "Queue or publish/subscribe?": "큐인가, 발행/구독인가?",
    "Two ways to hand messages to several readers": "여러 컨슈머에게 메시지를 전달하는 두 가지 방법",
    "Message queue (point to point)": "메시지 큐 (점대점)",
    "m1, m3": "m1, m3",
    "m2, m4": "m2, m4",
    "Publish / subscribe (a Kafka topic)": "발행 / 구독 (Kafka 토픽)",
    "publisher": "발행자",
    "m1 m2 m3 m4": "m1 m2 m3 m4",
    "each message goes to ONE consumer,\nthen it is gone": "각 메시지는 컨슈머 '하나'에게 가고\n그다음 사라짐",
    "every subscriber gets EVERY message;\nthe log keeps it for later readers":
        "모든 구독자가 '모든' 메시지를 받고\n로그는 나중 컨슈머를 위해 보관",
    "Kafka does both: consumers in one group share the partitions (queue);\nseparate groups each get everything (pub/sub).":
        "Kafka는 둘 다 합니다: 한 그룹의 컨슈머는 파티션을 나눠 갖고(큐),\n서로 다른 그룹은 각자 전부를 받습니다(발행/구독).",
    # pubsub_pattern
    "The publish/subscribe pattern": "발행/구독 패턴",
    "Publishers and subscribers never call each other: they only agree on topic names":
        "발행자와 구독자는 서로 호출하지 않습니다. 토픽 이름만 약속합니다",
    "publishers": "발행자",
    "topics": "토픽",
    "subscribers": "구독자",
    "sensor gateway": "센서 게이트웨이",
    "web shop": "웹 쇼핑몰",
    "payment service": "결제 서비스",
    "Spark pipeline": "Spark 파이프라인",
    "alerting": "알림",
    "billing": "청구",
    "analytics": "분석",
    "Add a subscriber without touching any publisher; a publisher never waits for a slow subscriber.":
        "발행자를 건드리지 않고 구독자를 더할 수 있고, 발행자는 느린 구독자를 기다리지 않습니다.",
    # microservices
    "Microservices around Kafka": "Kafka를 중심에 둔 마이크로서비스",
    "Each service owns its data and talks to the others through topics":
        "서비스마다 자기 데이터를 갖고, 다른 서비스와는 토픽으로 대화합니다",
    "Kafka (event backbone)": "Kafka (이벤트 백본)",
    "Order service": "주문 서비스",
    "takes orders": "주문 접수",
    "DB": "DB",
    "Payment service": "결제 서비스",
    "charges the customer": "고객에게 청구",
    "Inventory service": "재고 서비스",
    "reserves stock": "재고 확보",
    "Analytics": "분석",
    "sales per hour": "시간당 매출",
    "Notification service": "알림 서비스",
    "emails receipts": "영수증 메일 발송",
    "Warehouse app": "창고 앱",
    "restocks shelves": "진열대 보충",
    "produces an event": "이벤트 전송",
    "consumes (its own consumer group)": "소비 (자기 컨슈머 그룹)",
    "a service can be down; events wait": "서비스가 멈춰도 이벤트는 기다림",
    # kafka_on_kubernetes
    "Kafka on Kubernetes": "Kubernetes 위의 Kafka",
    "An operator turns a short Kafka description into pods, services and volumes":
        "오퍼레이터가 짧은 Kafka 명세를 파드, 서비스, 볼륨으로 만들어 냅니다",
    "Kubernetes cluster": "Kubernetes 클러스터",
    "namespace {}": "네임스페이스 {}",
    "Kafka resource": "Kafka 리소스",
    "operator pod\n(Strimzi-style)": "오퍼레이터 파드\n(Strimzi 방식)",
    "watches Kafka resources,\ncreates pods, services\nand volumes": "Kafka 리소스를 지켜보고\n파드, 서비스, 볼륨을\n만듦",
    "watch": "감시",
    "controller pods": "컨트롤러 파드",
    "KRaft quorum:\ntopic metadata,\nleader election": "KRaft 쿼럼:\n토픽 메타데이터,\n리더 선출",
    "broker pods (StatefulSet or StrimziPodSet)": "브로커 파드 (StatefulSet 또는 StrimziPodSet)",
    "kafka-{}": "kafka-{}",
    "broker": "브로커",
    "PVC {}": "PVC {}",
    "reconcile": "조정",
    "Service": "Service",
    "bootstrap:9092": "bootstrap:9092",
    "a pod may move to another node: its PVC (disk) follows it": "파드가 다른 노드로 옮겨 가도 PVC(디스크)가 따라감",
    "JupyterLab pod": "JupyterLab 파드",
    "notebooks, producer,\nSpark driver (local mode\nor SPARK_MASTER)": "노트북, 프로듀서,\nSpark 드라이버 (로컬 모드\n또는 SPARK_MASTER)",
    "MongoDB pod": "MongoDB 파드",
    "KAFKA_BOOTSTRAP_SERVERS": "KAFKA_BOOTSTRAP_SERVERS",
    "MONGO_URI": "MONGO_URI",
    # project_kafka_layout
    "This workshop's Kafka: topic sensor-stream": "이 워크숍의 Kafka: 토픽 sensor-stream",
    "One broker, 2 partitions, replication factor 1; the partition is murmur2(key) mod 2, as Kafka computes it":
        "브로커 하나, 파티션 2개, 복제 계수 1. 파티션은 Kafka가 계산하듯 murmur2(키) mod 2",
    "record keys": "레코드 키",
    "topic sensor-stream\n(broker 127.0.0.1:9092)": "토픽 sensor-stream\n(브로커 127.0.0.1:9092)",
    "cells show which sensor wrote each record (s1 = sensor_1)": "칸마다 그 레코드를 쓴 센서 (s1 = sensor_1)",
    "4 of 6 keys land on partition 0:\nhashing keeps each sensor in order,\nit does not promise an even split":
        "키 6개 중 4개가 파티션 0으로:\n해시는 센서별 순서를 지키지만\n고른 분배를 약속하지는 않음",
    "one task per partition\noffsets kept in the checkpoint,\nnot in a consumer group":
        "파티션마다 태스크 하나\n오프셋은 컨슈머 그룹이 아니라\n체크포인트에 보관",
    "Other readers": "다른 컨슈머",
    "kafka-console-consumer,\nkafka-python KafkaConsumer:\nconsumer groups commit offsets":
        "kafka-console-consumer,\nkafka-python KafkaConsumer:\n컨슈머 그룹이 오프셋을 커밋",
    # labels of the redrawn kafka_4, mqtt_bridge and kafka_on_kubernetes
    "Deployment jupyter, 1 replica\nConfigMap workshop-env:\nKAFKA_BOOTSTRAP_SERVERS\nMONGO_URI":
        "Deployment jupyter, 레플리카 1\nConfigMap workshop-env:\nKAFKA_BOOTSTRAP_SERVERS\nMONGO_URI",
    "Deployment\nstrimzi-cluster-operator:\nwatches the resources": "Deployment\nstrimzi-cluster-operator:\n리소스를 감시",
    "HiveMQ CE, embedded\n(Mosquitto with Docker)\n\none topic per sensor:\nsensors/sensor_1/temperature\nsensors/sensor_2/temperature":
        "HiveMQ CE, 내장\n(Docker에서는 Mosquitto)\n\n센서마다 토픽 하나:\nsensors/sensor_1/temperature\nsensors/sensor_2/temperature",
    "Kafka on Kubernetes (deploy/)": "Kubernetes 위의 Kafka (deploy/)",
    "KafkaTopic sensor-stream:\npartitions: 2, replicas: 1\n(the entity operator\ncreates it)":
        "KafkaTopic sensor-stream:\npartitions: 2, replicas: 1\n(엔티티 오퍼레이터가\n만듦)",
    "Kubernetes cluster (kind or minikube: docs/kubernetes.md)": "Kubernetes 클러스터 (kind 또는 minikube: docs/kubernetes.md)",
    "StatefulSet mongo,\n1 replica, mongo:7.0\nService mongo:27017": "StatefulSet mongo,\n레플리카 1, mongo:7.0\nService mongo:27017",
    "The Strimzi operator turns a Kafka and a KafkaNodePool resource into pods, services and volumes":
        "Strimzi 오퍼레이터가 Kafka와 KafkaNodePool 리소스를 파드, 서비스, 볼륨으로 만들어 냅니다",
    "Topic sensor-stream, partition 0: records get increasing offsets; retention deletes whole old segments":
        "토픽 sensor-stream, 파티션 0: 레코드는 증가하는 오프셋을 받고, 리텐션은 오래된 세그먼트를 통째로 지웁니다",
    "active segment\n(being written)": "활성 세그먼트\n(쓰는 중)",
    "controller + broker\n(KRaft, like\npython -m workshop up)": "컨트롤러 + 브로커\n(KRaft, python -m\nworkshop up처럼)",
    "group replay\nseeks back to 6": "그룹 replay는\n6으로 되돌아감",
    "log start offset = 4": "로그 시작 오프셋 = 4",
    "namespace workshop  (kubectl apply -n workshop -f deploy/)": "네임스페이스 workshop  (kubectl apply -n workshop -f deploy/)",
    "operator pod": "오퍼레이터 파드",
    "pod workshop-dual-role-0": "파드 workshop-dual-role-0",
    "resources (kafka.yaml)": "리소스 (kafka.yaml)",
    "segment 0–3: deleted as a whole\n(its newest record is older\nthan retention.ms, default 7 days)":
        "세그먼트 0–3: 통째로 삭제\n(가장 새 레코드가 retention.ms,\n기본 7일보다 오래됨)",
    "segment 4–6:\nkept": "세그먼트 4–6:\n보관",
    "subscribes\nsensors/+/temperature,\nproduces to Kafka\nkey = sensor_id\n(the + level)":
        "sensors/+/temperature\n구독, Kafka로 전송\n키 = sensor_id\n(+ 자리의 값)",
    "three brokers: replicas: 3\nin the node pool, and raise\nthe replication factors": "브로커 셋: 노드 풀에\nreplicas: 3, 그리고\n복제 계수를 올림",
    "topic": "토픽",
    "workshop-kafka-\nbootstrap:9092": "workshop-kafka-\nbootstrap:9092",
    "Producers write to a partition's leader; followers copy it and take over if its broker fails.\n"
    "The workshop broker is one node (replication factor 1: no copies); notebook 09 runs three.":
        "프로듀서는 파티션의 리더에 쓰고, 팔로워는 그것을 복제하다가 리더의 브로커가 죽으면 이어받습니다.\n"
        "워크숍 브로커는 노드 하나입니다(복제 계수 1: 복제본 없음). 노트북 09는 세 대를 돌립니다.",
    # spark_microbatch_vs_realtime (05b, triggers)
    "Micro-batches or Real-time Mode": "마이크로 배치와 Real-time Mode",
    "The same query with two triggers: when is a record that arrives processed and output?":
        "같은 쿼리, 두 가지 트리거: 도착한 레코드는 언제 처리되어 나가는가?",
    'Micro-batches: trigger(processingTime="0 seconds")': '마이크로 배치: trigger(processingTime="0 seconds")',
    'Real-time Mode: trigger(realTime="5 seconds")': 'Real-time Mode: trigger(realTime="5 seconds")',
    "records\narrive": "도착하는\n레코드",
    "batches": "배치",
    "tasks": "태스크",
    "output": "출력",
    "time →": "시간 →",
    "trigger: batch {}": "트리거: 배치 {}",
    "plan\noffsets": "오프셋\n계획",
    "tasks\nP0, P1": "태스크\nP0, P1",
    "commit": "커밋",
    "a record waits for the next batch": "레코드는 다음 배치를 기다림",
    "A batch's records come out together while its tasks run, typically a tenth of a second or more after they arrived.":
        "한 배치의 레코드는 그 배치의 태스크가 돌 때 함께 나옵니다. 보통 도착하고 0.1초 이상 지나서입니다.",
    "task for partition {}: alive for the whole batch": "파티션 {}의 태스크: 배치 내내 살아 있음",
    "each record goes through at once: milliseconds": "레코드마다 곧장 통과: 밀리초",
    "A record that arrives while the 5-second batch commits waits for the next one: the long tail. "
    "Each Kafka partition needs a free task slot; the sink writes row by row (no foreachBatch).":
        "5초짜리 배치가 커밋하는 동안 도착한 레코드는 다음 배치를 기다립니다. 이것이 긴 꼬리입니다. "
        "Kafka 파티션마다 빈 태스크 슬롯이 하나 필요하고, 싱크는 행 단위로 씁니다(foreachBatch는 쓸 수 없음).",
    # spark_watermark (05b, late readings)
    "The watermark: when a window closes": "워터마크: 윈도가 닫히는 때",
    "sensor_1's 1-minute windows in notebook 05b, as its late readings arrive":
        "늦은 측정값이 도착할 때, 노트북 05b의 sensor_1 1분 윈도",
    "readings\nper window": "윈도별\n측정값 수",
    "event time": "이벤트 시각",
    "latest event time\nseen: 05:39:30": "가장 늦은 이벤트\n시각: 05:39:30",
    "watermark 05:37:30\n= latest − 2 minutes": "워터마크 05:37:30\n= 가장 늦은 시각 − 2분",
    "2 minutes": "2분",
    "05:38:30, 1 minute behind:\nits window is still open: it counts\n(now 7 readings, max 30 °C)":
        "05:38:30, 1분 늦음:\n윈도가 아직 열려 있어 셈에 들어감\n(이제 측정값 7개, 최댓값 30 °C)",
    "05:29:30, 10 minutes behind:\nits window closed long ago: dropped\n(rows dropped by the watermark: 1)":
        "05:29:30, 10분 늦음:\n윈도가 이미 닫혀서 버려짐\n(워터마크로 버려진 행: 1)",
    "closed: the watermark passed its end": "닫힘: 워터마크가 윈도의 끝을 지남",
    "open: it ends after the watermark": "열림: 윈도가 워터마크 뒤에 끝남",
    "A reading older than the watermark still counts while its window is open (05:37:00–05:37:30 here). "
    "Spark drops late rows by the previous batch's watermark: a new watermark closes windows in the next batch, "
    "drops late rows from the one after.":
        "워터마크보다 오래된 측정값도 윈도가 열려 있으면 셈에 들어갑니다(여기서는 05:37:00–05:37:30). "
        "Spark는 늦은 행을 이전 배치의 워터마크로 버립니다. 새 워터마크는 다음 배치에서 윈도를 닫고, "
        "그다음 배치부터 늦은 행을 버립니다.",
    # spark_output_modes (05b, output modes)
    "Output modes: what each batch emits": "출력 모드: 배치마다 무엇을 내보내나",
    "One sensor, 1-minute windows counted, watermark 2 minutes behind; a row is a window and its count":
        "센서 하나, 1분 윈도마다 개수, 워터마크는 2분 뒤. 행 하나는 윈도 하나와 그 개수",
    "batch {}": "배치 {}",
    "memory sink\nat the end": "끝났을 때\n메모리 싱크",
    "reads": "읽는 것",
    "watermark\nin force": "적용되는\n워터마크",
    "windows\nso far": "지금까지의\n윈도",
    "no data: runs because the watermark moved": "데이터 없음: 워터마크가\n움직여서 실행",
    "none yet": "아직 없음",
    "latest event time of the batches before − 2 min": "이전 배치들의 가장 늦은 이벤트 시각 − 2분",
    "hatched: closed\n(the watermark\npassed its end)": "빗금: 닫힘\n(워터마크가\n끝을 지남)",
    "the whole table": "테이블 전체",
    "the windows the batch changed": "그 배치가 바꾼 윈도",
    "each window once, when closed": "윈도마다 한 번, 닫힐 때",
    "no batch 2: complete mode keeps every window": "배치 2 없음: complete\n모드는 윈도를 모두 유지",
    "nothing": "없음",
    "3 rows: each batch replaces the table": "3행: 배치마다 테이블을 바꿔 씀",
    "4 rows: 10:01–10:02 twice": "4행:\n10:01–10:02가 두 번",
    "1 row: the newer windows are still open": "1행: 더 새 윈도는\n아직 열려 있음",
    "In notebook 05b (4 sensors, 15 windows each) the memory tables hold: complete 60 rows, update 65, append 48.":
        "노트북 05b(센서 4개, 센서마다 윈도 15개)의 메모리 테이블: complete 60행, update 65행, append 48행.",
}
