{{/* Names: the release's name, prefixed with the chart's unless it already says so. */}}
{{- define "belonging.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "belonging.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Selector labels of one component: web, worker or migrate. */}}
{{- define "belonging.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "belonging.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{- define "belonging.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "belonging.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{- define "belonging.secretName" -}}
{{- .Values.existingSecret | default (include "belonging.fullname" .) -}}
{{- end -}}

{{/* Whether evidence files live on the chart's volume. */}}
{{- define "belonging.fsBlobs" -}}
{{- if eq (.Values.config.BLOB_BACKEND | default "fs") "fs" -}}true{{- end -}}
{{- end -}}

{{/*
The pod spec shared by web and worker pods: the same image, settings,
security context and volumes; only the component and environment differ.
Called with a dict: root (the chart's context), component, replicas,
resources and extraEnv.
*/}}
{{- define "belonging.podTemplate" -}}
{{- $root := .root -}}
metadata:
  labels:
    {{- include "belonging.selector" (dict "root" $root "component" .component) | nindent 4 }}
    {{- with $root.Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    # A changed setting rolls the pods, which read their settings at start.
    checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
    checksum/secret: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
    {{- with $root.Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "belonging.serviceAccountName" $root }}
  # The application never talks to the Kubernetes API.
  automountServiceAccountToken: false
  {{- with $root.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  terminationGracePeriodSeconds: {{ $root.Values.terminationGracePeriodSeconds }}
  securityContext:
    # The image's "nonroot" user (distroless); fsGroup lets it write to the
    # evidence volume.
    runAsNonRoot: true
    runAsUser: 65532
    runAsGroup: 65532
    fsGroup: 65532
    fsGroupChangePolicy: OnRootMismatch
    seccompProfile:
      type: RuntimeDefault
  {{- if $root.Values.topologySpread }}
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: kubernetes.io/hostname
      whenUnsatisfiable: ScheduleAnyway
      labelSelector:
        matchLabels:
          {{- include "belonging.selector" (dict "root" $root "component" .component) | nindent 10 }}
    - maxSkew: 1
      topologyKey: topology.kubernetes.io/zone
      whenUnsatisfiable: ScheduleAnyway
      labelSelector:
        matchLabels:
          {{- include "belonging.selector" (dict "root" $root "component" .component) | nindent 10 }}
  {{- end }}
  containers:
    - name: belonging
      image: {{ include "belonging.image" $root | quote }}
      imagePullPolicy: {{ $root.Values.image.pullPolicy }}
      args: [serve]
      ports:
        - name: http
          containerPort: {{ $root.Values.containerPort }}
          protocol: TCP
      envFrom:
        - configMapRef:
            name: {{ include "belonging.fullname" $root }}
        - secretRef:
            name: {{ include "belonging.secretName" $root }}
      {{- $env := .extraEnv | default list }}
      {{- if $root.Values.signIn.samlKeySecret }}
      {{- $env = concat $env (list (dict "name" "SAML_SP_CERT_FILE" "value" "/etc/belonging/saml/tls.crt") (dict "name" "SAML_SP_KEY_FILE" "value" "/etc/belonging/saml/tls.key")) }}
      {{- end }}
      {{- if $root.Values.signIn.ssoSecretsSecret }}
      {{- $env = append $env (dict "name" "SSO_SECRETS_DIR" "value" "/etc/belonging/sso-secrets") }}
      {{- end }}
      {{- with $env }}
      env:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      # Started once the process answers; ready only while the database
      # answers; restarted only when the process itself stops answering, so
      # a database outage takes pods out of the Service instead of
      # restarting them all.
      startupProbe:
        httpGet:
          path: /healthz
          port: http
        periodSeconds: 2
        failureThreshold: 30
      readinessProbe:
        httpGet:
          path: /readyz
          port: http
        periodSeconds: 5
        timeoutSeconds: 3
        failureThreshold: 2
      livenessProbe:
        httpGet:
          path: /healthz
          port: http
        periodSeconds: 10
        timeoutSeconds: 3
        failureThreshold: 3
      lifecycle:
        # Keep serving while endpoints and load balancers drop the pod;
        # SIGTERM then lets in-flight requests finish.
        preStop:
          sleep:
            seconds: {{ $root.Values.preStopSleepSeconds }}
      resources:
        {{- toYaml .resources | nindent 8 }}
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: [ALL]
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        {{- if include "belonging.fsBlobs" $root }}
        - name: data
          mountPath: /data
        {{- end }}
        {{- if $root.Values.signIn.samlKeySecret }}
        - name: saml-keys
          mountPath: /etc/belonging/saml
          readOnly: true
        {{- end }}
        {{- if $root.Values.signIn.ssoSecretsSecret }}
        - name: sso-secrets
          mountPath: /etc/belonging/sso-secrets
          readOnly: true
        {{- end }}
  volumes:
    # Uploads are spooled to /tmp while their type and size are checked.
    - name: tmp
      emptyDir:
        sizeLimit: {{ $root.Values.tmpSizeLimit }}
    {{- if include "belonging.fsBlobs" $root }}
    - name: data
      {{- if $root.Values.persistence.enabled }}
      persistentVolumeClaim:
        claimName: {{ $root.Values.persistence.existingClaim | default (include "belonging.fullname" $root) }}
      {{- else }}
      # Without a volume, files last only as long as the pod: for trials.
      emptyDir: {}
      {{- end }}
    {{- end }}
    {{- with $root.Values.signIn.samlKeySecret }}
    # The SAML service provider's key pair, from a TLS Secret.
    - name: saml-keys
      secret:
        secretName: {{ . }}
        defaultMode: 0440
    {{- end }}
    {{- with $root.Values.signIn.ssoSecretsSecret }}
    # OpenID Connect client secrets, one file each, named file:KEY by admins.
    - name: sso-secrets
      secret:
        secretName: {{ . }}
        defaultMode: 0440
    {{- end }}
  {{- with $root.Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $root.Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $root.Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
