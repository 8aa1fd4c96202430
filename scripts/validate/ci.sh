# shellcheck shell=bash disable=SC2154
# scripts/validate-deploy.sh, area "CI": .gitlab-ci.yml. YAML lint is in the compose area. GitLab's CI schema and job
# graph for branch and tag pipelines (gitlab-ci-local), the test job runs the same command as .ci/run, its embedded
# Synapse config loads, an SDK image that exists, the Synapse chroot built (cached) before the tests; then the build
# job run for real by gitlab-ci-local's shell executor, in this checkout (warm obj/ and NuGet cache: the same
# publish scripts/test.sh does next). That run is skipped, not failed, where it cannot run for a reason outside the
# project (no Node/gitlab-ci-local, no .NET SDK, not a git checkout) or with AGENTCHAT_VALIDATE_CI_RUN=0; once it
# runs, a failure is a failure.

validate_ci() {
  section "CI: .gitlab-ci.yml"
  if [ "$have_node" = 1 ]; then
    # gitlab-ci-local wants a git checkout and writes .gitlab-ci-local/ next to the file: use a copy.
    mkdir -p "$WORK/ci" && cp .gitlab-ci.yml "$WORK/ci/"
    (cd "$WORK/ci" && git init -q && git -c user.email=ci@localhost -c user.name=ci add . \
       && git -c user.email=ci@localhost -c user.name=ci commit -qm ci) >/dev/null 2>&1
    glci() { (cd "$WORK/ci" && node --import "$TOOLS/set-methods.mjs" "$TOOLS/node_modules/gitlab-ci-local/dist/index.js" "$@" 2>&1); }
    jobs_of() { echo "$1" | awk '/^name /{on=1; next} on && NF {print $1}' | sort | tr '\n' ' '; }
    if branch=$(glci --list --validate-dependency-chain); then
      got=$(jobs_of "$branch")
      if [ "$got" = "build test validate-deploy " ]; then ok "branch pipeline: GitLab CI schema valid, jobs: $got"
      else bad "branch pipeline jobs are '$got', expected 'build test validate-deploy '"; fi
    else bad ".gitlab-ci.yml: gitlab-ci-local --list (branch)"; echo "$branch" | grep -v -i -E 'git |origin|fallback|fatal|HEAD|revision' | indent; fi
    if tag=$(glci --list --validate-dependency-chain --variable CI_COMMIT_TAG=v1.2.3); then
      got=$(jobs_of "$tag")
      if [ "$got" = "build publish-binary publish-image test validate-deploy " ]; then ok "tag pipeline: GitLab CI schema valid, jobs: $got"
      else bad "tag pipeline jobs are '$got', expected 'build publish-binary publish-image test validate-deploy '"; fi
    else bad ".gitlab-ci.yml: gitlab-ci-local --list (tag)"; echo "$tag" | grep -v -i -E 'git |origin|fallback|fatal|HEAD|revision' | indent; fi
  else skip ".gitlab-ci.yml: GitLab CI schema (needs Node >= 20.11)"; fi

  if out=$($PY - "$WORK/ci-homeserver.yaml" 2>&1 <<'PY'
import re, sys, yaml
errors = []
ci = yaml.safe_load(open(".gitlab-ci.yml"))
test = ci["test"]
if "bash scripts/test.sh" not in test["script"]:
    errors.append("test job does not run `bash scripts/test.sh`")
try:
    run = open(".ci/run").read()
    if "scripts/test.sh" not in run:
        print("note: .ci/run does not call scripts/test.sh: compare the test commands by hand")
except FileNotFoundError:
    print("note: .ci/run does not exist yet")
v = test["variables"]
if not v.get("AGENTCHAT_TEST_HOMESERVER") or not v.get("AGENTCHAT_TEST_REGISTRATION_SECRET"):
    errors.append("test job lacks AGENTCHAT_TEST_HOMESERVER / AGENTCHAT_TEST_REGISTRATION_SECRET")
svc = test["services"][0]
alias = svc["alias"]
if f"http://{alias}:" not in v["AGENTCHAT_TEST_HOMESERVER"]:
    errors.append(f"AGENTCHAT_TEST_HOMESERVER does not point at the service alias {alias}")
script = svc["command"][0]
m = re.search(r"<<EOF\n(.*?)\nEOF\n", script, re.S)
if not m:
    errors.append("service command has no homeserver.yaml heredoc")
else:
    body = m.group(1).replace("$AGENTCHAT_TEST_REGISTRATION_SECRET", v["AGENTCHAT_TEST_REGISTRATION_SECRET"])
    hs = yaml.safe_load(body)
    if hs.get("registration_shared_secret") != v["AGENTCHAT_TEST_REGISTRATION_SECRET"]:
        errors.append("service homeserver.yaml does not use AGENTCHAT_TEST_REGISTRATION_SECRET")
    open(sys.argv[1], "w").write(body)
b = ci["build"]
if "bash scripts/publish.sh artifacts/cchat" not in b["script"]:
    errors.append("build job does not publish the AOT binary to artifacts/cchat")
if "artifacts/cchat/cchat" not in b["artifacts"]["paths"]:
    errors.append("build job does not keep artifacts/cchat/cchat")
print("\n".join(errors))
sys.exit(1 if errors else 0)
PY
  ); then ok "test job runs \`bash scripts/test.sh\` against the Synapse service; build job keeps the AOT binary"
       [ -n "$out" ] && echo "$out" | indent
  else bad ".gitlab-ci.yml jobs"; echo "$out" | indent; fi
  if [ "$have_synapse" = 1 ] && [ -f "$WORK/ci-homeserver.yaml" ]; then synapse_load "CI service homeserver.yaml" "$WORK/ci-homeserver.yaml"
  else skip "CI service homeserver.yaml: not loaded by Synapse"; fi
}

validate_ci_run() {
  section "CI: the pipeline's jobs, the build job run by gitlab-ci-local (shell executor)"
  local out
  if out=$($PY - 2>&1 <<'PY'
import re, sys, yaml
errors = []
ci = yaml.safe_load(open(".gitlab-ci.yml"))
images = {k: v for k, v in ci["variables"].items() if k.endswith("_IMAGE")}
for name, job in ci.items():
    if not isinstance(job, dict) or "image" not in job:
        continue
    image = re.sub(r"\$\{?(\w+)\}?", lambda m: images.get(m.group(1), m.group(0)), str(job["image"]))
    # .NET 10 SDK images exist for Ubuntu (10.0, 10.0-noble), Alpine and Azure Linux, not for Debian.
    if re.search(r"dotnet/sdk:10\.0-(trixie|bookworm)", image):
        errors.append(f"{name}: image {image} is not published for .NET 10")
test = ci["test"]
lines = "\n".join(str(x) for x in test["before_script"] + test["script"])
if "scripts/synapse.sh install" not in lines:
    errors.append("test job does not build the Synapse chroot (`bash scripts/synapse.sh install`) before the tests")
elif lines.index("scripts/synapse.sh install") > lines.index("bash scripts/test.sh"):
    errors.append("test job builds the Synapse chroot after the tests started")
for pkg in ("debootstrap", "debian-archive-keyring"):
    if pkg not in lines:
        errors.append(f"test job does not install {pkg}")
cached = [p for c in test.get("cache", []) for p in c.get("paths", [])]
if ".cache/synapse-root.tar" not in cached or ".cache/synapse-root.tar" not in lines:
    errors.append("test job does not cache the chroot as .cache/synapse-root.tar")
build = "\n".join(str(x) for x in ci["build"].get("before_script", ci[".dotnet"]["before_script"]))
if "debootstrap" in build:
    errors.append("build job's before_script installs debootstrap, which it does not need")
print("\n".join(errors))
sys.exit(1 if errors else 0)
PY
  ); then ok ".gitlab-ci.yml: SDK image published for .NET 10; test job builds or unpacks the cached Synapse chroot before the tests; lean build job"
  else bad ".gitlab-ci.yml: issue 18 structure"; echo "$out" | indent; fi

  local why=""
  if [ "${AGENTCHAT_VALIDATE_CI_RUN:-1}" = 0 ]; then why="AGENTCHAT_VALIDATE_CI_RUN=0"
  elif [ "$have_node" = 0 ]; then why="no gitlab-ci-local (needs Node >= 20.11 and npm)"
  elif ! command -v dotnet >/dev/null; then why="no .NET SDK on this machine"
  elif ! git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1; then why="not a git checkout"
  elif ! command -v rsync >/dev/null && ! apt_install rsync; then why="no rsync (gitlab-ci-local copies the checkout with it)"
  elif [ "$(id -u)" != 0 ] && { ! command -v cc >/dev/null || ! dpkg -s zlib1g-dev >/dev/null 2>&1; }; then
    why="no C compiler or zlib1g-dev, and not root for the job's before_script to install them"
  fi
  if [ -n "$why" ]; then skip "build job not run by gitlab-ci-local: $why"; return; fi
  # State under artifacts/ (ignored by git); NuGet from the machine's cache, not a cold one in the checkout.
  local state=artifacts/gitlab-ci-local start rc
  rm -rf "${REPO:?}/$state"
  start=$(date +%s)
  # A hang guard, not a speed check: the job's AOT publish takes ~3 min on a quiet machine and passed 15 min at load 40.
  out=$(cd "$REPO" && timeout 1800 node --import "$TOOLS/set-methods.mjs" "$TOOLS/node_modules/gitlab-ci-local/dist/index.js" \
          --force-shell-executor --state-dir "$state" --no-color --max-job-name-padding 0 \
          --variable "NUGET_PACKAGES=${NUGET_PACKAGES:-$HOME/.nuget/packages}" build 2>&1); rc=$?
  if [ $rc = 0 ] && grep -q 'PASS.*build' <<<"$out" && [ -x "$REPO/$state/artifacts/build/artifacts/cchat/cchat" ]; then
    ok "build job: gitlab-ci-local (shell executor) ran it in $(( $(date +%s) - start )) s; artifact $(du -h "$REPO/$state/artifacts/build/artifacts/cchat/cchat" | cut -f1) cchat"
  else
    bad "build job: gitlab-ci-local (shell executor) failed (rc=$rc)"; echo "$out" | tail -n 30 | indent
  fi
  rm -rf "${REPO:?}/$state"
}
