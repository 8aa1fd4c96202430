# shellcheck shell=bash disable=SC2154
# scripts/validate-deploy.sh, area "image": Dockerfile lint (dockerlinter from npm: hadolint is not packaged for
# Debian), build inputs present and let through .dockerignore.

validate_image() {
  section "image: deploy/Dockerfile, .dockerignore"
  if [ "${HADOLINT:-0}" = 1 ]; then
    if out=$(hadolint deploy/Dockerfile 2>&1); then ok "Dockerfile: hadolint"; else bad "Dockerfile: hadolint"; echo "$out" | indent; fi
  fi
  if [ "$have_node" = 1 ]; then
    # It writes temp files into its working directory.
    if out=$(cd "$WORK" && node "$TOOLS/node_modules/dockerlinter/bin/dockerfilelinter.js" -f "$REPO/deploy/Dockerfile" -e info 2>&1); then
      ok "Dockerfile: dockerlinter (hadolint-like rules + shellcheck on RUN), no findings"
    else bad "Dockerfile: dockerlinter"; echo "$out" | indent; fi
  else skip "Dockerfile: dockerlinter (needs Node >= 20.11)"; fi

  if out=$($PY - 2>&1 <<'PY'
import os, re, sys
errors = []
text = open("deploy/Dockerfile").read().replace("\\\n", " ")
ignore = [l.strip() for l in open(".dockerignore") if l.strip() and not l.startswith("#")]
allowed = {l[1:].rstrip("/") for l in ignore if l.startswith("!")}
for line in text.splitlines():
    m = re.match(r"\s*COPY\s+(.*)", line)
    if not m or "--from=" in line:
        continue
    args = [a for a in m.group(1).split() if not a.startswith("--")]
    for src in args[:-1]:
        if not os.path.exists(src):
            errors.append(f"COPY {src}: not in the repository")
        if src.rstrip("/") not in allowed:
            errors.append(f"COPY {src}: excluded by .dockerignore")
for want in ("USER $APP_UID", 'CMD ["cchat", "status", "--daemon"]', 'VOLUME ["/var/lib/agentchat"]', 'ENTRYPOINT ["cchat"]',
             "bash scripts/publish.sh /out", "FROM ${RUNTIME_BASE}", "ENV ASPNETCORE_HTTP_PORTS= "):
    if want not in text:
        errors.append(f"Dockerfile lacks {want}")
for line in text.splitlines():
    # older BuildKit ignores --chmod on a directory (moby/buildkit#4945): modes come from the build stage
    if re.match(r"\s*COPY\s", line) and "--chmod" in line and not re.search(r"/cchat\s", line):
        errors.append(f"COPY --chmod of a directory: {line.strip()}")
if "**/bin/" not in ignore or "**/obj/" not in ignore:
    errors.append(".dockerignore must exclude **/bin/ and **/obj/")
csproj = "src/AgentChat.Cli/AgentChat.Cli.csproj"
if os.path.exists(csproj):
    c = open(csproj).read()
    if "<AssemblyName>cchat</AssemblyName>" not in c or "<PublishAot>true</PublishAot>" not in c:
        errors.append(f"{csproj}: expected AssemblyName cchat and PublishAot true")
else:
    print(f"note: {csproj} does not exist yet")
print("\n".join(errors))
sys.exit(1 if errors else 0)
PY
  ); then ok "Dockerfile: build inputs exist and pass .dockerignore; non-root user, volume, status --daemon health check, AOT publish, ASPNETCORE_HTTP_PORTS cleared, no --chmod on directories"
       [ -n "$out" ] && echo "$out" | indent
  else bad "Dockerfile/.dockerignore"; echo "$out" | indent; fi
}
