#include "interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstring>

#include "sibsim/output/output_files.hpp"

namespace sibsim::study {
namespace {

void write_stderr(const char* s) noexcept { (void)!::write(STDERR_FILENO, s, std::strlen(s)); }

// Async-signal-safe only: unlink, write, _exit.
extern "C" void on_interrupt(int sig) {
  output::remove_temporaries_now();
  write_stderr(sig == SIGINT   ? "\nsibsim: interrupted (SIGINT)"
               : sig == SIGHUP ? "\nsibsim: hung up (SIGHUP: the terminal closed)"
                               : "\nsibsim: terminated (SIGTERM)");
  write_stderr(": temporary files removed; a checkpoint, if any, is kept for --resume\n");
  ::_exit(128 + sig);
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGINT);
  sigaddset(&sa.sa_mask, SIGTERM);
  sigaddset(&sa.sa_mask, SIGHUP);
  (void)::sigaction(SIGINT, &sa, nullptr);
  (void)::sigaction(SIGTERM, &sa, nullptr);
  // A closed terminal (an ssh session ending) stops a long run the same way; under nohup
  // SIGHUP stays ignored.
  struct sigaction old {};
  if (::sigaction(SIGHUP, nullptr, &old) == 0 && old.sa_handler != SIG_IGN)
    (void)::sigaction(SIGHUP, &sa, nullptr);
}

}  // namespace sibsim::study
