# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The proof a new password works: a password login over SSH from the controller.

The host key is checked against the reviewed known_hosts file and never accepted when unknown
(paramiko's RejectPolicy). Keys and agents are not offered, so only the password can succeed.
The reason returned names what failed; it never holds the password.
"""

from __future__ import annotations

import os
import socket

import paramiko


def password_login(
    host: str, port: int, user: str, password: str, known_hosts: str, timeout: float
) -> tuple[bool, str]:
    """(True, "") when ``user`` logs in with ``password``, else (False, why)."""
    if not os.path.isfile(known_hosts):
        return False, "known_hosts file %s not found: host keys are never accepted unchecked" % known_hosts
    client = paramiko.SSHClient()
    try:
        client.load_host_keys(known_hosts)
        client.set_missing_host_key_policy(paramiko.RejectPolicy())
        client.connect(
            host,
            port=port,
            username=user,
            password=password,
            timeout=timeout,
            banner_timeout=timeout,
            auth_timeout=timeout,
            allow_agent=False,
            look_for_keys=False,
        )
        return True, ""
    except paramiko.BadHostKeyException:
        return False, "the host key of %s:%d does not match %s" % (host, port, known_hosts)
    except paramiko.AuthenticationException as exc:
        return False, "password login of %s refused (%s)" % (user, type(exc).__name__)
    except paramiko.SSHException as exc:
        return False, "SSH to %s:%d failed: %s" % (host, port, exc)
    except (OSError, socket.timeout) as exc:
        return False, "cannot reach %s:%d: %s" % (host, port, exc)
    finally:
        client.close()
