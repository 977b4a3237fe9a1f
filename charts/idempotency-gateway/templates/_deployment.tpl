{{/* One Deployment per role; the same image, told its role by --role. */}}
{{- define "idempotency-gateway.deployment" -}}
{{- $root := .root -}}
{{- $values := .values -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "idempotency-gateway.fullname" $root }}-{{ .component }}
  labels:
    {{- include "idempotency-gateway.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  {{- if not .autoscaled }}
  replicas: {{ $values.replicas }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "idempotency-gateway.selector" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "idempotency-gateway.labels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ .component }}
      annotations:
        # A policy edit reaches the pods through the watched ConfigMap volume; a new chart value restarts them.
        checksum/policies: {{ include (print $root.Template.BasePath "/policies-configmap.yaml") $root | sha256sum }}
    spec:
      serviceAccountName: {{ include "idempotency-gateway.serviceAccountName" $root }}
      securityContext:
        fsGroup: 10001
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels:
                    {{- include "idempotency-gateway.selector" . | nindent 20 }}
      containers:
        - name: {{ .component }}
          image: {{ include "idempotency-gateway.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args:
            - serve
            - --role
            - {{ .role }}
            - --policies
            - /etc/idempotency-gateway/policies
            - --{{ .role }}-port
            - {{ .port | quote }}
            - --admin-port
            - {{ $values.adminPort | quote }}
            {{- if eq .role "extproc" }}
            - --store
            - {{ $root.Values.store.kind }}
            {{- end }}
          env:
            {{- if and (eq .role "extproc") (eq $root.Values.store.kind "redis") }}
            - name: REDIS_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ $root.Values.store.redis.passwordSecret.name }}
                  key: {{ $root.Values.store.redis.passwordSecret.key }}
            - name: CONTROLPLANE__ENFORCEMENT__REDISCONNECTION
              value: {{ printf "%s,password=$(REDIS_PASSWORD)" $root.Values.store.redis.address | quote }}
            {{- end }}
            {{- with $values.env }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          ports:
            - name: {{ .portName }}
              containerPort: {{ .port }}
              protocol: TCP
            - name: admin
              containerPort: {{ $values.adminPort }}
              protocol: TCP
          livenessProbe:
            httpGet: {path: /healthz, port: admin}
            periodSeconds: 10
          readinessProbe:
            httpGet: {path: /readyz, port: admin}
            periodSeconds: 5
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          securityContext:
            {{- include "idempotency-gateway.securityContext" $root | nindent 12 }}
          volumeMounts:
            - name: policies
              mountPath: /etc/idempotency-gateway/policies
              readOnly: true
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: policies
          configMap:
            name: {{ include "idempotency-gateway.fullname" $root }}-policies
        - name: tmp
          emptyDir: {}
{{- end -}}

{{- define "idempotency-gateway.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "idempotency-gateway.fullname" .root }}-{{ .component }}
  labels:
    {{- include "idempotency-gateway.labels" .root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  type: {{ .values.service.type }}
  selector:
    {{- include "idempotency-gateway.selector" . | nindent 4 }}
  ports:
    - name: {{ .portName }}
      port: {{ .port }}
      targetPort: {{ .portName }}
      protocol: TCP
      # Envoy's gRPC client speaks HTTP/2 with prior knowledge.
      appProtocol: kubernetes.io/h2c
{{- end -}}
