#include "engine/CancelToken.h"

#include "model/Error.h"

namespace petrel::engine {

void CancelToken::throwIfCancelled() const {
    if (isCancelled()) throw model::Error(model::ErrorKind::Cancelled, "Cancelled");
}

}  // namespace petrel::engine
