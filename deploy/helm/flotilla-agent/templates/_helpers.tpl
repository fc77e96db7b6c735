{{/* The chart's name, truncated to the 63 characters of a label value. */}}
{{- define "flotilla-agent.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the objects' name. */}}
{{- define "flotilla-agent.fullname" -}}
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

{{- define "flotilla-agent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "flotilla-agent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "flotilla-agent.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "flotilla-agent.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: tenant-agent
app.kubernetes.io/part-of: flotilla
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "flotilla-agent.serviceAccountName" -}}
{{- default (include "flotilla-agent.fullname" .) .Values.serviceAccount.name }}
{{- end }}

{{/* The Secret holding the registration token: the chart's own, or the one named. */}}
{{- define "flotilla-agent.registrationSecret" -}}
{{- if .Values.registration.existingSecret }}{{ .Values.registration.existingSecret }}{{ else }}{{ include "flotilla-agent.fullname" . }}-registration{{ end }}
{{- end }}

{{- define "flotilla-agent.caConfigMap" -}}
{{- if .Values.tls.existingCaConfigMap }}{{ .Values.tls.existingCaConfigMap }}{{ else }}{{ include "flotilla-agent.fullname" . }}-ca{{ end }}
{{- end }}

{{- define "flotilla-agent.hasCa" -}}
{{- if or .Values.tls.caBundle .Values.tls.existingCaConfigMap }}true{{ end }}
{{- end }}

{{- define "flotilla-agent.hasRegistration" -}}
{{- if or .Values.registration.token .Values.registration.existingSecret }}true{{ end }}
{{- end }}

{{/* Refuses values the agent could not start with. */}}
{{- define "flotilla-agent.validate" -}}
{{- if not (regexMatch "^https?://[^/]+" (.Values.metaController.url | default "")) }}
{{- fail (printf "metaController.url must be the meta-controller's http(s) base URL, not %q" .Values.metaController.url) }}
{{- end }}
{{- if and .Values.registration.token .Values.registration.existingSecret }}
{{- fail "set registration.token or registration.existingSecret, not both" }}
{{- end }}
{{- if and (include "flotilla-agent.hasRegistration" .) .Values.bootstrap.existingSecret }}
{{- fail "set a registration token or bootstrap.existingSecret, not both: a cluster joins one way" }}
{{- end }}
{{- if and (include "flotilla-agent.hasRegistration" .) (not .Values.registration.clusterName) }}
{{- fail "registration.clusterName is required with a registration token: the name the cluster joins under" }}
{{- end }}
{{- if and .Values.tls.caBundle .Values.tls.existingCaConfigMap }}
{{- fail "set tls.caBundle or tls.existingCaConfigMap, not both" }}
{{- end }}
{{- if not (has .Values.workload.kind (list "Deployment" "CloneSet")) }}
{{- fail (printf "workload.kind must be Deployment or CloneSet, not %q" .Values.workload.kind) }}
{{- end }}
{{- if and .Values.proxy.url (not (regexMatch "^http://[^/]+:[0-9]+/?$" .Values.proxy.url)) }}
{{- fail (printf "proxy.url must be http://host:port, not %q" .Values.proxy.url) }}
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
