{{/* Chart name, truncated to the 63 characters of a label value. */}}
{{- define "ci.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped base name of every object. */}}
{{- define "ci.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels shared by every object; call with (dict "ctx" $ "component" "api"). */}}
{{- define "ci.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "ci.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: code-interpreter
{{- end }}

{{/* Selector labels of one component; call with (dict "ctx" $ "component" "api"). */}}
{{- define "ci.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ci.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Image reference; call with (dict "ctx" $ "repository" "code-interpreter-api"). */}}
{{- define "ci.image" -}}
{{- $tag := default .ctx.Chart.AppVersion .ctx.Values.image.tag -}}
{{- if .ctx.Values.image.registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .ctx.Values.image.registry) .repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .repository $tag -}}
{{- end -}}
{{- end }}

{{/* APP_* names the chart sets from structured values; config maps may not set them. */}}
{{- define "ci.managedEnv" -}}
APP_HTTP_LISTEN_ADDR APP_KAFKA_BOOTSTRAP_SERVERS APP_REDIS_HOST APP_REDIS_PORT APP_FILE_STORAGE_BACKEND
APP_FILE_STORAGE_PATH APP_S3_ENDPOINT APP_S3_BUCKET APP_S3_REGION APP_S3_ACCESS_KEY APP_S3_SECRET_KEY APP_API_KEYS
APP_CALLBACK_SECRET APP_GRPC_ENABLED APP_GRPC_LISTEN_ADDR APP_GRPC_TLS_CERT APP_GRPC_TLS_CERT_KEY APP_GRPC_TLS_CA_CERT
APP_EXECUTOR_BACKEND APP_EXECUTOR_IMAGE APP_EXECUTOR_IMAGE_PULL_POLICY APP_EXECUTOR_NAMESPACE
APP_EXECUTOR_CONTAINER_RESOURCES APP_EXECUTOR_POD_SPEC_EXTRA APP_EXECUTOR_AGENT_PORT APP_WORKER_POD_NAME
APP_WORKER_POD_UID APP_API_POD_NAME APP_LOCAL_DATA_DIR APP_MANAGEMENT_LISTEN_ADDR APP_PACKAGE_CACHE_DIR
APP_EXECUTOR_PACKAGE_CLAIM
{{- end }}

{{/*
"true" when package installation is on: any of APP_PIP_INDEX_URL, APP_PIP_EXTRA_INDEX_URL, APP_PIP_FIND_LINKS set
for the worker (in config.worker or config.shared); "" otherwise.
*/}}
{{- define "ci.packagesEnabled" -}}
{{- $on := false -}}
{{- range $map := list (default dict .Values.config.shared) (default dict .Values.config.worker) -}}
{{- range $name := list "APP_PIP_INDEX_URL" "APP_PIP_EXTRA_INDEX_URL" "APP_PIP_FIND_LINKS" -}}
{{- if ne (toString (get $map $name)) "" }}{{ $on = true }}{{ end -}}
{{- end -}}
{{- end -}}
{{- if $on }}true{{ end -}}
{{- end }}

{{/* The ReadWriteMany claim of the package store: packageCache.existingClaim, or the one the chart creates. */}}
{{- define "ci.packageCacheClaim" -}}
{{- default (printf "%s-package-cache" (include "ci.fullname" .)) .Values.packageCache.existingClaim -}}
{{- end }}

{{/* Where the worker mounts the package store (APP_PACKAGE_CACHE_DIR). */}}
{{- define "ci.packageCacheDir" -}}
/var/cache/code-interpreter/packages
{{- end }}

{{/* env entries of the config maps given (shared + one component), skipping empty values. */}}
{{- define "ci.configEnv" -}}
{{- $managed := splitList " " (include "ci.managedEnv" .ctx | replace "\n" " ") -}}
{{- range $map := list .ctx.Values.config.shared (get .ctx.Values.config .component) }}
{{- range $name, $value := $map }}
{{- if has $name $managed }}
{{- fail (printf "config: %s is set by the chart from its structured value (see values.yaml), not through config" $name) }}
{{- end }}
{{- if not (hasPrefix "APP_" $name) }}
{{- fail (printf "config: %s is not an APP_* setting" $name) }}
{{- end }}
{{- if ne (toString $value) "" }}
- name: {{ $name }}
  value: {{ toString $value | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/* Redis, file storage (S3 or filesystem) env shared by every service. */}}
{{- define "ci.storageEnv" -}}
- name: APP_REDIS_HOST
  value: {{ required "redis.host is required" .Values.redis.host | quote }}
- name: APP_REDIS_PORT
  value: {{ .Values.redis.port | quote }}
{{- if .Values.redis.existingSecret }}
- name: SPRING_DATA_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.existingSecret }}
      key: {{ .Values.redis.passwordKey }}
{{- end }}
- name: APP_FILE_STORAGE_BACKEND
  value: {{ .Values.fileStorage.backend | quote }}
{{- if eq .Values.fileStorage.backend "s3" }}
- name: APP_S3_ENDPOINT
  value: {{ required "s3.endpoint is required with fileStorage.backend=s3" .Values.s3.endpoint | quote }}
- name: APP_S3_BUCKET
  value: {{ .Values.s3.bucket | quote }}
- name: APP_S3_REGION
  value: {{ .Values.s3.region | quote }}
- name: APP_S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ required "s3.existingSecret (a Secret holding the S3 access and secret keys) is required with fileStorage.backend=s3" .Values.s3.existingSecret }}
      key: {{ .Values.s3.accessKeyKey }}
- name: APP_S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.s3.existingSecret }}
      key: {{ .Values.s3.secretKeyKey }}
{{- else if eq .Values.fileStorage.backend "filesystem" }}
- name: APP_FILE_STORAGE_PATH
  value: {{ .Values.fileStorage.path | quote }}
{{- else }}
{{- fail (printf "fileStorage.backend must be s3 or filesystem, not %q" .Values.fileStorage.backend) }}
{{- end }}
{{- end }}

{{/* The job callbacks' signing key, from its Secret, for every service (any of them may end a job). */}}
{{- define "ci.callbackEnv" -}}
{{- if .Values.callbackSecret.existingSecret }}
- name: APP_CALLBACK_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ .Values.callbackSecret.existingSecret }}
      key: {{ .Values.callbackSecret.key }}
{{- end }}
{{- end }}

{{/*
Volumes of a service pod: /tmp, the shared file store with the filesystem backend, and (worker, with package
installation on) the package store. Call with (dict "ctx" $ "component" "worker").
*/}}
{{- define "ci.volumes" -}}
{{- $ctx := .ctx -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ $ctx.Values.tmpSizeLimit }}
{{- if eq $ctx.Values.fileStorage.backend "filesystem" }}
- name: files
  persistentVolumeClaim:
    claimName: {{ required "fileStorage.existingClaim (a ReadWriteMany PVC) is required with fileStorage.backend=filesystem" $ctx.Values.fileStorage.existingClaim }}
{{- end }}
{{- if and (eq .component "worker") (include "ci.packagesEnabled" $ctx) }}
- name: package-cache
  persistentVolumeClaim:
    claimName: {{ include "ci.packageCacheClaim" $ctx }}
{{- end }}
{{- end }}

{{/* Mounts of the volumes of ci.volumes; call with (dict "ctx" $ "component" "worker"). */}}
{{- define "ci.volumeMounts" -}}
{{- $ctx := .ctx -}}
- name: tmp
  mountPath: /tmp
{{- if eq $ctx.Values.fileStorage.backend "filesystem" }}
- name: files
  mountPath: {{ $ctx.Values.fileStorage.path }}
{{- end }}
{{- if and (eq .component "worker") (include "ci.packagesEnabled" $ctx) }}
- name: package-cache
  mountPath: {{ include "ci.packageCacheDir" $ctx }}
{{- end }}
{{- end }}

{{/* Downward-API namespace of executor pods (worker and janitor). */}}
{{- define "ci.executorEnv" -}}
- name: APP_EXECUTOR_BACKEND
  value: {{ .Values.executor.backend | quote }}
- name: APP_EXECUTOR_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
{{- end }}

{{/*
Pod-level fields shared by the three deployments; call with (dict "ctx" $ "component" "api" "values" .Values.api).
*/}}
{{- define "ci.podCommon" -}}
{{- $securityContext := deepCopy .ctx.Values.podSecurityContext }}
{{- if and (eq .component "worker") (include "ci.packagesEnabled" .ctx) (not (hasKey $securityContext "fsGroupChangePolicy")) }}
{{- /* the package store grows large: change its group only when its root does not have fsGroup yet */}}
{{- $_ := set $securityContext "fsGroupChangePolicy" "OnRootMismatch" }}
{{- end }}
{{- with .ctx.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml $securityContext | nindent 2 }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  {{- include "ci.volumes" (dict "ctx" .ctx "component" .component) | nindent 2 }}
{{- end }}

{{/* Readiness (/readyz) and liveness (/livez) over HTTP on the named port, with their timings from values. */}}
{{- define "ci.probes" -}}
readinessProbe:
  httpGet:
    path: /readyz
    port: {{ .port }}
  {{- toYaml .probes.readiness | nindent 2 }}
livenessProbe:
  httpGet:
    path: /livez
    port: {{ .port }}
  {{- toYaml .probes.liveness | nindent 2 }}
{{- end }}
