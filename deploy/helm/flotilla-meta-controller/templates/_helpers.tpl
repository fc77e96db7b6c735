{{/* The chart's name, truncated to the 63 characters of a label value. */}}
{{- define "flotilla-meta.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the objects' name. */}}
{{- define "flotilla-meta.fullname" -}}
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

{{- define "flotilla-meta.selectorLabels" -}}
app.kubernetes.io/name: {{ include "flotilla-meta.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "flotilla-meta.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "flotilla-meta.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: meta-controller
app.kubernetes.io/part-of: flotilla
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "flotilla-meta.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "flotilla-meta.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Refuses value combinations the meta-controller would refuse at start, or that lose data. */}}
{{- define "flotilla-meta.validate" -}}
{{- if not (has .Values.database.mode (list "external" "embedded")) }}
{{- fail (printf "database.mode must be external or embedded, not %q" .Values.database.mode) }}
{{- end }}
{{- if and (eq .Values.database.mode "embedded") (gt (int .Values.replicaCount) 1) }}
{{- fail (printf "database.mode=embedded runs one PostgreSQL inside one pod: it cannot serve replicaCount=%d; set replicaCount=1 or database.mode=external with database.existingSecret" (int .Values.replicaCount)) }}
{{- end }}
{{- if and (eq .Values.database.mode "external") (not .Values.database.existingSecret) }}
{{- fail "database.mode=external needs database.existingSecret: a Secret with the JDBC url, username and password" }}
{{- end }}
{{- if and (eq .Values.database.mode "external") (not .Values.adminToken.existingSecret) }}
{{- fail "database.mode=external needs adminToken.existingSecret: every replica must start with the same admin token" }}
{{- end }}
{{- if not (has .Values.podAntiAffinity (list "soft" "hard")) }}
{{- fail (printf "podAntiAffinity must be soft or hard, not %q" .Values.podAntiAffinity) }}
{{- end }}
{{- end }}

{{/* Restricted Pod Security: the pod's part. */}}
{{- define "flotilla.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Restricted Pod Security: the container's part. */}}
{{- define "flotilla.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}
