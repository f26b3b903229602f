#pragma once
// SIGINT, SIGTERM and SIGHUP stop a command cleanly: every temporary file and lock is deleted, the
// checkpoint (fsync'ed record by record) is kept for --resume, and the process exits with
// 128 + the signal number (130, 143, 129).

namespace sibsim::study {

/// Installs the handlers (idempotent).
void install_interrupt_handlers();

}  // namespace sibsim::study
