#pragma once
#include <exception>
#include <functional>
#include <optional>

#include "model/Error.h"

namespace petrel::engine {

// Turns whatever escaped a job into the typed error front ends understand. Library layers
// (vmime in src/net) register a translator for their own exception types; model::Error passes
// through unchanged.
using ExceptionTranslator = std::function<std::optional<model::Error>(std::exception_ptr)>;

void registerExceptionTranslator(ExceptionTranslator translator);
model::Error toError(std::exception_ptr error);

}  // namespace petrel::engine
