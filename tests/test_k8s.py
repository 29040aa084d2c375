"""The manifests in k8s/ validate offline, and describe pods the kubelet will start and keep safe."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
VALIDATOR = REPO_ROOT / ".ci" / "validate-manifests"
K8S = REPO_ROOT / "k8s"
POD_OWNERS = ("Deployment", "Job", "CronJob")
TMP = "/tmp"  # noqa: S108 - a mount path in the pods, not a file the tests make

pytest.importorskip("kubernetes_validate", reason="kubernetes-validate (requirements-dev.txt) is not installed")


def _load_validator() -> ModuleType:
    loader = SourceFileLoader("validate_manifests", str(VALIDATOR))  # a script without the .py suffix
    module = module_from_spec(spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


validator = _load_validator()


def rendered(kustomization: str) -> list[dict]:
    return validator.render(K8S / kustomization, read_files=shutil.which("kubectl") is None)


def pod_specs(resources: list[dict]) -> list[tuple[str, dict]]:
    """(kind/name, pod spec) of every resource that makes pods."""
    specs = []
    for resource in resources:
        if resource["kind"] not in POD_OWNERS:
            continue
        spec = resource["spec"]
        if resource["kind"] == "CronJob":
            spec = spec["jobTemplate"]["spec"]
        specs.append((f"{resource['kind']}/{resource['metadata']['name']}", spec["template"]["spec"]))
    return specs


def all_pod_specs() -> list[tuple[str, dict]]:
    return [pod for folder in ("", "jobs/migrate", "jobs/index", "redis") for pod in pod_specs(rendered(folder))]


def shop_pod_specs() -> list[tuple[str, dict]]:
    return [(name, spec) for name, spec in all_pod_specs() if "lookalike-shop" in spec["containers"][0]["image"]]


def commanded_pod_specs() -> list[tuple[str, dict]]:
    """Pods that run a flask command rather than the image's gunicorn."""
    return [(name, spec) for name, spec in shop_pod_specs() if "command" in spec["containers"][0]]


def by_kind(resources: list[dict], kind: str) -> list[dict]:
    return [resource for resource in resources if resource["kind"] == kind]


@pytest.mark.parametrize("mode", ["rendered", "read-files"])
def test_every_manifest_validates_against_the_kubernetes_schemas(mode):
    if mode == "rendered" and shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed: the kustomizations cannot be built here")
    args = [sys.executable, str(VALIDATOR), str(K8S)] + (["--read-files"] if mode == "read-files" else [])
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "k8s/jobs/migrate: 3 resources, valid" in result.stdout


def test_the_validator_names_a_misspelt_field(tmp_path):
    broken = tmp_path / "k8s"
    shutil.copytree(K8S, broken)
    deployment = broken / "deployment.yaml"
    deployment.write_text(deployment.read_text().replace("readinessProbe:", "readinesProbe:"))
    result = subprocess.run(
        [sys.executable, str(VALIDATOR), "--read-files", str(broken)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "Deployment/shop-web on Kubernetes 1.30" in result.stderr
    assert "'readinesProbe' was unexpected" in result.stderr


def test_pods_run_as_the_images_numeric_user():
    # The kubelet refuses runAsNonRoot for an image whose USER is a name it cannot check.
    user = re.search(r"^USER (\d+):(\d+)$", (REPO_ROOT / "Dockerfile").read_text(), re.MULTILINE)
    assert user, "the Dockerfile's USER must be numeric uid:gid"
    for name, spec in shop_pod_specs():
        context = spec["securityContext"]
        assert context["runAsNonRoot"] is True, name
        assert (str(context["runAsUser"]), str(context["runAsGroup"])) == user.groups(), name


@pytest.mark.parametrize("pod", all_pod_specs(), ids=lambda pod: pod[0])
def test_every_container_is_locked_down(pod):
    name, spec = pod
    assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
    assert spec["automountServiceAccountToken"] is False, name
    for container in spec["containers"]:
        context = container["securityContext"]
        assert context["allowPrivilegeEscalation"] is False, name
        assert context["capabilities"] == {"drop": ["ALL"]}, name
        assert context["readOnlyRootFilesystem"] is True, name


@pytest.mark.parametrize("pod", shop_pod_specs(), ids=lambda pod: pod[0])
def test_shop_pods_write_only_to_tmp_and_the_shared_volume(pod):
    name, spec = pod
    volumes = {volume["name"]: volume for volume in spec["volumes"]}
    mounts = {mount["mountPath"]: mount["name"] for mount in spec["containers"][0]["volumeMounts"]}
    assert "emptyDir" in volumes[mounts[TMP]], name
    if "/var/lib/shop" in mounts:
        assert volumes[mounts["/var/lib/shop"]]["persistentVolumeClaim"] == {"claimName": "shop-data"}, name


def test_web_probes_split_liveness_from_readiness_on_routes_that_exist():
    from config import TestingConfig
    from webapp import create_app

    routes = {rule.rule for rule in create_app(TestingConfig).url_map.iter_rules()}
    (deployment,) = by_kind(rendered(""), "Deployment")
    web = deployment["spec"]["template"]["spec"]["containers"][0]
    paths = {probe: web[probe]["httpGet"]["path"] for probe in ("startupProbe", "livenessProbe", "readinessProbe")}
    assert paths == {"startupProbe": "/livez", "livenessProbe": "/livez", "readinessProbe": "/readyz"}
    assert set(paths.values()) <= routes


def test_jobs_are_not_applied_with_the_deployment():
    # Applied together, nothing made the web pods wait for the migration.
    assert by_kind(rendered(""), "Job") == []
    migrate = rendered("jobs/migrate")
    assert {resource["kind"] for resource in migrate} == {"Namespace", "ConfigMap", "Job"}
    assert by_kind(rendered("jobs/index"), "Job")[0]["metadata"]["name"] == "shop-recommender-index"


def test_jobs_run_the_image_the_deployment_serves():
    images = {spec["containers"][0]["image"] for _name, spec in shop_pod_specs()}
    assert len(images) == 1, images
    if shutil.which("kubectl"):
        assert images == {"registry.example.com/lookalike-shop:latest"}


@pytest.mark.parametrize("pod", commanded_pod_specs(), ids=lambda pod: pod[0])
def test_commands_of_jobs_and_cronjobs_exist(pod):
    from click.testing import CliRunner
    from flask.cli import FlaskGroup

    from config import TestingConfig
    from webapp import create_app

    name, spec = pod
    command = spec["containers"][0]["command"]
    assert command[:3] == ["flask", "--app", "wsgi"], name
    # FlaskGroup also loads the plugins' commands (Flask-Migrate's `db`), as the flask executable does.
    cli = FlaskGroup(create_app=lambda: create_app(TestingConfig))
    result = CliRunner().invoke(cli, [*command[3:], "--help"])
    assert result.exit_code == 0, f"{name}: {' '.join(command)}: {result.output}"


def test_the_ingress_serves_shop_url_over_tls():
    resources = rendered("")
    (ingress,) = by_kind(resources, "Ingress")
    (config,) = by_kind(resources, "ConfigMap")
    host = ingress["spec"]["rules"][0]["host"]
    assert config["data"]["SHOP_URL"] == f"https://{host}"
    assert ingress["spec"]["tls"] == [{"hosts": [host], "secretName": "shop-tls"}]


def test_web_pods_take_traffic_only_from_the_ingress_controller_and_keep_one_through_a_drain():
    resources = rendered("")
    policies = {policy["metadata"]["name"]: policy["spec"] for policy in by_kind(resources, "NetworkPolicy")}
    assert policies["shop-default"]["policyTypes"] == ["Ingress", "Egress"]
    assert "ingress" not in policies["shop-default"]  # nothing may connect unless another policy says so
    web_ingress = policies["shop-web-from-ingress"]["ingress"]
    assert web_ingress[0]["ports"] == [{"protocol": "TCP", "port": 8000}]
    (budget,) = by_kind(resources, "PodDisruptionBudget")
    assert budget["spec"]["selector"] == {"matchLabels": {"app": "shop-web"}}
