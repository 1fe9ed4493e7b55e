# Sourced by scripts/run.sh and scripts/test.sh: make sure ./.venv exists and holds the
# packages of one requirements file. A stock Debian Python refuses `pip install` outside a
# virtual environment (PEP 668), and Debian ships `venv` in a separate package, python3-venv.

# Runs a command as root: directly when we are root, through sudo when it is there.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "error: '$*' needs root; run it as root or install sudo" >&2
        return 1
    fi
}

# Installs Debian packages, waiting for another apt or dpkg to finish instead of failing.
apt_install() {
    as_root apt-get -o DPkg::Lock::Timeout=600 update -qq &&
        as_root apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
}

# ensure_venv REQUIREMENTS_FILE: creates ./.venv when missing and installs the file into it.
ensure_venv() {
    if [ ! -x .venv/bin/python ]; then
        if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
            echo "python3 cannot create virtual environments; installing python3-venv with apt" >&2
            apt_install python3-venv || {
                echo "error: install python3-venv (apt-get install python3-venv) and run this again" >&2
                return 1
            }
        fi
        python3 -m venv .venv || { rm -rf .venv; return 1; }
    fi
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$1"
}
