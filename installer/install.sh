#!/usr/bin/env bash
# Puts Antrean on a Debian 12 office PC as one of three appliances:
#   server    the office's queue server, its daily database backup, its TLS certificate
#   kiosk     the entrance kiosk (or a counter's feedback screen), full screen under cage
#   display   the waiting-room board, full screen under cage
# Run as root; run again at will (after an update, with other options): each run leaves
# the same system, and never overwrites an office's own files in /etc/antrean.
# With --root DIR nothing on this system changes: the files are written under DIR, and
# each command that would change the system (apt-get, systemd-sysusers, pip, systemctl,
# udevadm, antrean tls init) is printed as "would run: ..." instead.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: installer/install.sh server|kiosk|display [options]

  --root DIR            write the installation under DIR; run nothing on this system
  --wheel FILE          the antrean wheel to install (default: this source checkout)
  --requirements FILE   the lock file (pinned versions with hashes): install exactly
                        those versions, then antrean without resolving again
  --keep-backups N      server: daily database copies to keep (default 14)
  --tls-name NAME       server: a name in the certificate (repeat for more)
  --tls-address IP      server: an address in the certificate (repeat for more)
  --rotate DEGREES      kiosk, display: turn the screen 0, 90, 180 or 270 degrees clockwise
  --enrol CODE          kiosk, display: enrol with the code `antrean device add` printed
  -h, --help            this text
EOF
}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SOURCE=$(dirname "$HERE")
VENV=/opt/antrean
ETC=/etc/antrean
DATA=/var/lib/antrean
BACKUPS=/var/backups/antrean
UNITS=/etc/systemd/system

ROLE=""
ROOT=""
WHEEL=""
REQUIREMENTS=""
KEEP=""
ROTATE=""
ENROL=""
TLS_OPTIONS=()

fail() {
    echo "install.sh: $*" >&2
    exit 2
}

say() {
    echo "== $*"
}

# A command that changes this system: run it, or with --root only print it.
run() {
    if [[ -n $ROOT ]]; then
        echo "would run: $*"
    else
        "$@"
    fi
}

# A path of the installed system, under --root DIR when given.
at() {
    printf '%s%s' "$ROOT" "$1"
}

parse_options() {
    [[ $# -gt 0 ]] || { usage >&2; exit 2; }
    case $1 in
        server | kiosk | display) ROLE=$1 ;;
        -h | --help) usage; exit 0 ;;
        *) fail "the first word is the role: server, kiosk or display (not '$1')" ;;
    esac
    shift
    while [[ $# -gt 0 ]]; do
        [[ $1 == -h || $1 == --help ]] && { usage; exit 0; }
        [[ $# -ge 2 ]] || fail "$1 needs a value"
        case $1 in
            --root) ROOT=$(realpath -m "$2") ;;
            --wheel) WHEEL=$(realpath "$2") ;;
            --requirements) REQUIREMENTS=$(realpath "$2") ;;
            --keep-backups) KEEP=$2 ;;
            --tls-name | --tls-address) TLS_OPTIONS+=("--${1#--tls-}" "$2") ;;
            --rotate) ROTATE=$2 ;;
            --enrol) ENROL=$2 ;;
            *) fail "unknown option $1 (see --help)" ;;
        esac
        shift 2
    done
}

check_options() {
    if [[ -n $KEEP && ! $KEEP =~ ^[1-9][0-9]*$ ]]; then
        fail "--keep-backups $KEEP: give a whole number of copies, 1 or more"
    fi
    if [[ -n $ROTATE && ! $ROTATE =~ ^(0|90|180|270)$ ]]; then
        fail "--rotate $ROTATE: give 0, 90, 180 or 270"
    fi
    if [[ $ROLE == server && ( -n $ROTATE || -n $ENROL ) ]]; then
        fail "--rotate and --enrol are for a kiosk or a display"
    fi
    if [[ $ROLE != server && ( -n $KEEP || ${#TLS_OPTIONS[@]} -gt 0 ) ]]; then
        fail "--keep-backups and --tls-* are for the server"
    fi
    [[ -z $WHEEL || -f $WHEEL ]] || fail "--wheel: no file $WHEEL"
    [[ -z $REQUIREMENTS || -f $REQUIREMENTS ]] || fail "--requirements: no file $REQUIREMENTS"
    [[ -n $WHEEL || -f $SOURCE/pyproject.toml ]] || fail "no --wheel, and $SOURCE is no checkout"
    if [[ -z $ROOT ]]; then
        [[ $EUID -eq 0 ]] || fail "run it as root (sudo installer/install.sh $ROLE ...)"
        [[ -f /etc/debian_version ]] || fail "this installs on Debian 12 or newer"
    fi
}

debian_packages() {
    local common=(python3 python3-venv dbus libpam-systemd)
    local screen=(cage xwayland libgl1-mesa-dri libegl1 libgl1 libfontconfig1 libglib2.0-0
        libdbus-1-3 libxkbcommon0 libwayland-client0 libwayland-cursor0 libwayland-egl1
        fonts-dejavu-core)
    case $ROLE in
        server) echo "${common[*]} postgresql-client" ;;
        kiosk) echo "${common[*]} ${screen[*]} libusb-1.0-0" ;;
        display) echo "${common[*]} ${screen[*]} alsa-utils" ;;
    esac
}

install_debian_packages() {
    local wanted missing=()
    read -r -a wanted <<<"$(debian_packages)"
    say "Debian packages"
    if [[ -n $ROOT ]]; then
        missing=("${wanted[@]}")
    else
        for package in "${wanted[@]}"; do
            dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" \
                || missing+=("$package")
        done
    fi
    if [[ ${#missing[@]} -gt 0 ]]; then
        run apt-get update -q
        run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            "${missing[@]}"
    fi
}

# The user antrean, its group, and the groups its devices need.
sysusers_conf() {
    echo "# Antrean's user (installer/install.sh $ROLE). Applied by systemd-sysusers."
    echo "u antrean - \"Antrean\" $DATA /usr/sbin/nologin"
    case $ROLE in
        kiosk) printf 'm antrean %s\n' dialout lp ;;  # serial scanners and MRZ readers; printers
        display) printf 'm antrean %s\n' dialout audio ;;  # RS-485 counter LEDs; the speaker
    esac
}

# Who owns what, and its mode: applied by systemd-tmpfiles now and at every boot.
tmpfiles_conf() {
    echo "# Antrean's folders and files (installer/install.sh $ROLE)."
    echo "d $ETC 0750 root antrean -"
    echo "d $DATA 0700 antrean antrean -"
    echo "d /var/cache/antrean 0700 antrean antrean -"
    case $ROLE in
        server)
            echo "d $BACKUPS 0700 antrean antrean -"
            echo "z $ETC/office.toml 0640 root antrean -"
            echo "z $ETC/server.env 0640 root antrean -"
            echo "z $ETC/backup.env 0640 root antrean -"
            ;;
        *)
            echo "d $DATA/$ROLE 0700 antrean antrean -"
            echo "z $ETC/$ROLE.toml 0640 root antrean -"
            echo "z $ETC/$ROLE.env 0640 root antrean -"
            ;;
    esac
}

write_file() {  # DEST MODE, the content on standard input
    local dest
    dest=$(at "$1")
    mkdir -p "$(dirname "$dest")"
    (umask 077 && cat >"$dest.new")  # no moment readable by others: it may hold a secret
    chmod "$2" "$dest.new"
    mv -f "$dest.new" "$dest"
}

copy_file() {  # SOURCE DEST MODE
    write_file "$2" "$3" <"$1"
}

make_dir() {  # DIR MODE (owners come from tmpfiles.d)
    mkdir -p "$(at "$1")"
    chmod "$2" "$(at "$1")"
}

install_users_and_folders() {
    say "User antrean and its folders"
    sysusers_conf | write_file /etc/sysusers.d/antrean.conf 0644
    run systemd-sysusers /etc/sysusers.d/antrean.conf
    make_dir "$ETC" 0750
    make_dir "$DATA" 0700
    make_dir /var/cache/antrean 0700
    case $ROLE in
        server) make_dir "$BACKUPS" 0700 ;;
        *) make_dir "$DATA/$ROLE" 0700 ;;
    esac
}

install_python_package() {
    local extras spec
    case $ROLE in
        server) extras=server ;;
        kiosk) extras=kiosk,usb ;;
        display) extras=display ;;
    esac
    spec=${WHEEL:-$SOURCE}
    say "Antrean in $VENV ($spec)"
    if [[ -n $ROOT || ! -x $VENV/bin/python ]]; then
        run python3 -m venv "$VENV"
    fi
    if [[ -n $REQUIREMENTS ]]; then
        run "$VENV/bin/pip" install --quiet --require-hashes --no-deps -r "$REQUIREMENTS"
        run "$VENV/bin/pip" install --quiet --no-deps --force-reinstall "$spec"
    else
        run "$VENV/bin/pip" install --quiet "${spec}[$extras]"
    fi
    copy_file "$HERE/bin/antrean" /usr/local/bin/antrean 0755
}

# The office's own files: written once from the examples, never overwritten.
install_config() {
    local name=$1 example=$SOURCE/assets/$1.example.toml dest
    dest=$(at "$ETC/$name.toml")
    if [[ -e $dest ]]; then
        echo "keeping $ETC/$name.toml"
        return
    fi
    [[ -f $example ]] || fail "no example $example to start $ETC/$name.toml from"
    # The example's voice folder is relative to the example itself; installed, the board
    # uses the clips that come with the package.
    sed -e 's/^voice_dir = /# voice_dir = /' "$example" | write_file "$ETC/$name.toml" 0640
    echo "wrote $ETC/$name.toml from $example"
}

install_settings() {
    case $ROLE in
        server)
            install_config office
            if [[ -n $KEEP ]]; then
                echo "ANTREAN_BACKUP_KEEP=$KEEP" | write_file "$ETC/backup.env" 0640
            fi
            ;;
        *)
            install_config "$ROLE"
            if [[ -n $ROTATE ]]; then
                local turns=$((ROTATE / 90)) options=""
                for ((i = 0; i < turns; i++)); do options+="${options:+ }-r"; done
                echo "CAGE_OPTIONS=$options" | write_file "$ETC/$ROLE.env" 0640
            fi
            ;;
    esac
    tmpfiles_conf | write_file /etc/tmpfiles.d/antrean.conf 0644
    run systemd-tmpfiles --create /etc/tmpfiles.d/antrean.conf
}

install_units() {  # UNIT...
    local unit
    for unit in "$@"; do
        copy_file "$HERE/systemd/$unit" "$UNITS/$unit" 0644
    done
    run systemctl daemon-reload
}

enable_unit() {  # UNIT TARGET (the unit's WantedBy=)
    if [[ -n $ROOT ]]; then
        mkdir -p "$(at "$UNITS/$2.wants")"
        ln -sfn "$UNITS/$1" "$(at "$UNITS/$2.wants/$1")"
    else
        systemctl enable --quiet "$1"
    fi
}

mask_unit() {  # UNIT
    if [[ -n $ROOT ]]; then
        mkdir -p "$(at "$UNITS")"
        ln -sfn /dev/null "$(at "$UNITS/$1")"
    else
        systemctl mask --quiet "$1"
    fi
}

boot_to_graphical() {
    if [[ -n $ROOT ]]; then
        ln -sfn /lib/systemd/system/graphical.target "$(at "$UNITS/default.target")"
    else
        systemctl set-default --quiet graphical.target
    fi
}

as_antrean() {  # COMMAND...: as the user antrean, so its files are its own
    run runuser -u antrean -- env ANTREAN_DATA_DIR="$DATA" "$@"
}

install_server() {
    say "Server units, backup timer, TLS"
    install_units antrean-server.service antrean-backup.service antrean-backup.timer
    enable_unit antrean-server.service multi-user.target
    enable_unit antrean-backup.timer timers.target
    if [[ -e $(at "$DATA/tls/server.pem") ]]; then
        echo "keeping the TLS certificate in $DATA/tls"
    else
        as_antrean "$VENV/bin/antrean" tls init --config "$ETC/office.toml" "${TLS_OPTIONS[@]}"
    fi
    run systemctl restart antrean-server.service
    run systemctl start antrean-backup.timer
}

install_screen() {
    say "$ROLE under cage on tty1, locked down"
    install_units "antrean-$ROLE.service"
    enable_unit "antrean-$ROLE.service" graphical.target
    copy_file "$HERE/udev/60-antrean-devices.rules" /etc/udev/rules.d/60-antrean-devices.rules 0644
    copy_file "$HERE/appliance/logind.conf" /etc/systemd/logind.conf.d/antrean-appliance.conf 0644
    copy_file "$HERE/appliance/system.conf" /etc/systemd/system.conf.d/antrean-appliance.conf 0644
    copy_file "$HERE/appliance/sysctl.conf" /etc/sysctl.d/60-antrean-appliance.conf 0644
    mask_unit getty@tty1.service
    mask_unit ctrl-alt-del.target
    boot_to_graphical
    run udevadm control --reload
    run udevadm trigger
    run sysctl --quiet -p /etc/sysctl.d/60-antrean-appliance.conf
    if [[ -n $ENROL ]]; then
        say "Enrolment"
        as_antrean "$VENV/bin/antrean" "$ROLE" enrol "$ENROL" --config "$ETC/$ROLE.toml"
    fi
}

main() {
    parse_options "$@"
    check_options
    umask 022
    install_debian_packages
    install_users_and_folders
    install_python_package
    install_settings
    case $ROLE in
        server) install_server ;;
        *) install_screen ;;
    esac
    say "Done: $ROLE${ROOT:+ (written under $ROOT)}"
    if [[ $ROLE != server ]]; then
        echo "Restart the PC: it starts into the $ROLE (see installer/README.md)."
    fi
}

main "$@"
