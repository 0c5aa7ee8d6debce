package deploy

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/resmap"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// newObject returns an empty typed object for an apiVersion and kind the
// manifests may use; anything else is a test failure.
func newObject(apiVersion, kind string) (any, bool) {
	switch apiVersion + "/" + kind {
	case "apps/v1/Deployment":
		return &appsv1.Deployment{}, true
	case "apps/v1/StatefulSet":
		return &appsv1.StatefulSet{}, true
	case "batch/v1/Job":
		return &batchv1.Job{}, true
	case "v1/Service":
		return &corev1.Service{}, true
	case "v1/ConfigMap":
		return &corev1.ConfigMap{}, true
	case "v1/Secret":
		return &corev1.Secret{}, true
	case "v1/Namespace":
		return &corev1.Namespace{}, true
	case "v1/PersistentVolumeClaim":
		return &corev1.PersistentVolumeClaim{}, true
	case "policy/v1/PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}, true
	case "autoscaling/v2/HorizontalPodAutoscaler":
		return &autoscalingv2.HorizontalPodAutoscaler{}, true
	case "monitoring.coreos.com/v1/ServiceMonitor":
		return &monitoringv1.ServiceMonitor{}, true
	case "monitoring.coreos.com/v1/PrometheusRule":
		return &monitoringv1.PrometheusRule{}, true
	}
	return nil, false
}

// render builds a kustomization folder (relative to deploy/k8s) with the
// kustomize library, as `kustomize build` does.
func render(t *testing.T, dir string) resmap.ResMap {
	t.Helper()
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	m, err := k.Run(filesys.MakeFsOnDisk(), filepath.Join(deployDir(t), "k8s", dir))
	if err != nil {
		t.Fatalf("kustomize build %s: %v", dir, err)
	}
	return m
}

// decoded is one rendered object, decoded strictly into its API type.
type decoded struct {
	kind, name string
	obj        any
}

// decodeAll decodes every rendered object strictly: unknown or duplicate
// fields fail the test.
func decodeAll(t *testing.T, m resmap.ResMap) []decoded {
	t.Helper()
	var out []decoded
	for _, r := range m.Resources() {
		data, err := r.MarshalJSON()
		if err != nil {
			t.Fatalf("%s: %v", r.CurId(), err)
		}
		obj, ok := newObject(r.GetApiVersion(), r.GetKind())
		if !ok {
			t.Errorf("%s: no API type registered for %s %s", r.GetName(), r.GetApiVersion(), r.GetKind())
			continue
		}
		if err := strictUnmarshal(data, obj); err != nil {
			t.Errorf("%s %s: %v", r.GetKind(), r.GetName(), err)
			continue
		}
		out = append(out, decoded{r.GetKind(), r.GetName(), obj})
	}
	return out
}

func kindsOf(objs []decoded) map[string][]string {
	kinds := map[string][]string{}
	for _, o := range objs {
		kinds[o.kind] = append(kinds[o.kind], o.name)
	}
	for k := range kinds {
		sort.Strings(kinds[k])
	}
	return kinds
}

// TestKustomizeRenders renders the base, both overlays and the monitoring
// component (through prod), decodes every object strictly and checks what
// each must contain.
func TestKustomizeRenders(t *testing.T) {
	cases := []struct {
		dir  string
		want map[string]int
	}{
		{"base", map[string]int{"Deployment": 4, "Service": 4, "PodDisruptionBudget": 4, "ConfigMap": 5,
			"PersistentVolumeClaim": 1, "HorizontalPodAutoscaler": 1}},
		{"overlays/dev", map[string]int{"Namespace": 1, "Deployment": 4, "StatefulSet": 1, "Service": 5,
			"PodDisruptionBudget": 4, "ConfigMap": 6, "Secret": 2, "PersistentVolumeClaim": 1, "HorizontalPodAutoscaler": 1}},
		{"overlays/prod", map[string]int{"Namespace": 1, "Deployment": 4, "Service": 4, "PodDisruptionBudget": 4,
			"ConfigMap": 5, "PersistentVolumeClaim": 1, "HorizontalPodAutoscaler": 1, "ServiceMonitor": 1, "PrometheusRule": 1,
			"Job": 1}},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.dir, "/", "_"), func(t *testing.T) {
			objs := decodeAll(t, render(t, c.dir))
			kinds := kindsOf(objs)
			for kind, n := range c.want {
				if len(kinds[kind]) != n {
					t.Errorf("%d %s, want %d: %v", len(kinds[kind]), kind, n, kinds[kind])
				}
			}
			for kind := range kinds {
				if _, ok := c.want[kind]; !ok {
					t.Errorf("unexpected kind %s: %v", kind, kinds[kind])
				}
			}
			for _, o := range objs {
				switch v := o.obj.(type) {
				case *appsv1.Deployment:
					checkPodSpec(t, "Deployment "+v.Name, &v.Spec.Template.Spec, true)
				case *appsv1.StatefulSet:
					checkPodSpec(t, "StatefulSet "+v.Name, &v.Spec.Template.Spec, false)
					checkNATSMetricsSidecar(t, v)
				case *batchv1.Job:
					checkPodSpec(t, "Job "+v.Name, &v.Spec.Template.Spec, false)
				}
			}
			if c.dir != "base" {
				checkReferences(t, objs, c.dir == "overlays/prod")
			}
		})
	}
}

// checkPodSpec holds a pod template to the hardening and probe rules of the
// issue: non-root, read-only root filesystem, no capabilities, RuntimeDefault
// seccomp, resources, and (for stages) /healthz and /readyz probes.
func checkPodSpec(t *testing.T, what string, ps *corev1.PodSpec, stage bool) {
	t.Helper()
	psc := ps.SecurityContext
	if psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot {
		t.Errorf("%s: pod securityContext.runAsNonRoot not true", what)
	}
	if psc == nil || psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		t.Errorf("%s: seccompProfile is not RuntimeDefault", what)
	}
	if ps.AutomountServiceAccountToken == nil || *ps.AutomountServiceAccountToken {
		t.Errorf("%s: service account token mounted", what)
	}
	for _, c := range ps.Containers {
		w := fmt.Sprintf("%s container %s", what, c.Name)
		sc := c.SecurityContext
		switch {
		case sc == nil:
			t.Errorf("%s: no securityContext", w)
			continue
		case sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem:
			t.Errorf("%s: root filesystem writable", w)
		case sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation:
			t.Errorf("%s: privilege escalation allowed", w)
		case sc.Capabilities == nil || len(sc.Capabilities.Drop) != 1 || sc.Capabilities.Drop[0] != "ALL":
			t.Errorf("%s: capabilities not dropped (want drop [ALL])", w)
		case len(sc.Capabilities.Add) != 0:
			t.Errorf("%s: capabilities added: %v", w, sc.Capabilities.Add)
		}
		if c.Resources.Requests.Cpu().IsZero() || c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Memory().IsZero() {
			t.Errorf("%s: cpu/memory requests and a memory limit are required: %+v", w, c.Resources)
		}
		if !stage {
			continue
		}
		if c.LivenessProbe == nil || c.LivenessProbe.HTTPGet == nil || c.LivenessProbe.HTTPGet.Path != "/healthz" {
			t.Errorf("%s: liveness probe is not GET /healthz", w)
		}
		if c.ReadinessProbe == nil || c.ReadinessProbe.HTTPGet == nil || c.ReadinessProbe.HTTPGet.Path != "/readyz" {
			t.Errorf("%s: readiness probe is not GET /readyz", w)
		}
		if len(c.Ports) == 0 || c.Ports[0].Name != "http" {
			t.Errorf("%s: the metrics port must be named http (Service targetPort, ServiceMonitor)", w)
		}
	}
}

// podSpecOf returns the pod template of a workload, or nil.
func podSpecOf(obj any) *corev1.PodSpec {
	switch v := obj.(type) {
	case *appsv1.Deployment:
		return &v.Spec.Template.Spec
	case *appsv1.StatefulSet:
		return &v.Spec.Template.Spec
	case *batchv1.Job:
		return &v.Spec.Template.Spec
	}
	return nil
}

// checkReferences checks that every ConfigMap, Secret and PVC a pod refers to
// is rendered too; in prod the two Secrets created out of band are exempt.
func checkReferences(t *testing.T, objs []decoded, prod bool) {
	t.Helper()
	have := map[string]bool{}
	for _, o := range objs {
		have[o.kind+"/"+o.name] = true
	}
	external := map[string]bool{}
	if prod {
		external["Secret/tidings-nats-users"] = true
		external["Secret/tidings-store"] = true
	}
	need := func(owner, ref string) {
		if !have[ref] && !external[ref] {
			t.Errorf("%s refers to %s, which is not rendered", owner, ref)
		}
	}
	for _, o := range objs {
		ps := podSpecOf(o.obj)
		if ps == nil {
			continue
		}
		for _, v := range ps.Volumes {
			if v.ConfigMap != nil {
				need(o.name, "ConfigMap/"+v.ConfigMap.Name)
			}
			if v.PersistentVolumeClaim != nil {
				need(o.name, "PersistentVolumeClaim/"+v.PersistentVolumeClaim.ClaimName)
			}
		}
		for _, c := range ps.Containers {
			for _, e := range c.EnvFrom {
				if e.ConfigMapRef != nil {
					need(o.name, "ConfigMap/"+e.ConfigMapRef.Name)
				}
			}
			for _, e := range c.Env {
				if ref := secretRef(e); ref != nil && (ref.Optional == nil || !*ref.Optional) {
					need(o.name, "Secret/"+ref.Name)
				}
				if e.ValueFrom != nil && e.ValueFrom.ConfigMapKeyRef != nil {
					need(o.name, "ConfigMap/"+e.ValueFrom.ConfigMapKeyRef.Name)
				}
			}
		}
	}
}

// secretRef is the Secret key an environment variable comes from, or nil.
func secretRef(e corev1.EnvVar) *corev1.SecretKeySelector {
	if e.ValueFrom == nil {
		return nil
	}
	return e.ValueFrom.SecretKeyRef
}

// TestKubernetesAPIs: the fetcher's intake API and the sink's read API are
// reachable through their Services (port http, the container port that
// serves them), and both take their bearer token from the optional Secret
// tidings-api, so an operator can require one without editing the base.
func TestKubernetesAPIs(t *testing.T) {
	objs := decodeAll(t, render(t, "base"))
	services, deployments := map[string]*corev1.Service{}, map[string]*appsv1.Deployment{}
	for _, o := range objs {
		switch v := o.obj.(type) {
		case *corev1.Service:
			services[v.Name] = v
		case *appsv1.Deployment:
			deployments[v.Name] = v
		}
	}
	for name, port := range map[string]int32{"tidings-fetcher": 8081, "tidings-sink": 8084} {
		svc, d := services[name], deployments[name]
		if svc == nil || d == nil {
			t.Fatalf("%s: Service or Deployment missing", name)
		}
		if len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].Port != port || svc.Spec.Ports[0].TargetPort.String() != "http" {
			t.Errorf("Service %s ports %+v, want %d to the container port http", name, svc.Spec.Ports, port)
		}
		c := d.Spec.Template.Spec.Containers[0]
		if len(c.Ports) == 0 || c.Ports[0].Name != "http" || c.Ports[0].ContainerPort != port {
			t.Errorf("%s container ports %+v, want http %d", name, c.Ports, port)
		}
		found := false
		for _, e := range c.Env {
			if ref := secretRef(e); e.Name == "TIDINGS_API_TOKEN" && ref != nil {
				found = ref.Name == "tidings-api" && ref.Key == "token" && ref.Optional != nil && *ref.Optional
			}
		}
		if !found {
			t.Errorf("%s does not take TIDINGS_API_TOKEN from the optional Secret tidings-api (key token)", name)
		}
	}
}

// checkNATSMetricsSidecar requires the in-cluster NATS server's pod to run
// `tidings nats-metrics` on its monitoring port, serving on port metrics.
func checkNATSMetricsSidecar(t *testing.T, ss *appsv1.StatefulSet) {
	t.Helper()
	for _, c := range ss.Spec.Template.Spec.Containers {
		if len(c.Args) == 0 || c.Args[0] != "nats-metrics" {
			continue
		}
		args := strings.Join(c.Args, " ")
		if !strings.Contains(args, "--nats-monitor-url http://127.0.0.1:8222") || !strings.Contains(args, "--http-addr :7777") {
			t.Errorf("StatefulSet %s: nats-metrics args %q", ss.Name, args)
		}
		if len(c.Ports) != 1 || c.Ports[0].Name != "metrics" || c.Ports[0].ContainerPort != 7777 {
			t.Errorf("StatefulSet %s: nats-metrics ports %+v, want metrics 7777", ss.Name, c.Ports)
		}
		if ss.Spec.Template.Annotations["prometheus.io/port"] != "7777" {
			t.Errorf("StatefulSet %s: no prometheus.io/port 7777 annotation", ss.Name)
		}
		return
	}
	t.Errorf("StatefulSet %s: no nats-metrics sidecar", ss.Name)
}
