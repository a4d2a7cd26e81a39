// The exit codes of every command (engine/gate.hpp defines them: a scan's is the gate's verdict).
#pragma once

#include "engine/gate.hpp"

namespace lethe::cli {

using engine::k_exit_error;
using engine::k_exit_findings;
using engine::k_exit_incomplete;
using engine::k_exit_ok;

}  // namespace lethe::cli
