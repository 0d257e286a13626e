#pragma once
#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "store/Db.h"

namespace petrel::engine {

// The worker thread's own write connection to the profile's index (DESIGN §1: one connection
// per thread), opened on first use and kept for the worker's lifetime.
store::Db& workerDatabase(JobContext& context, const Profile& profile);

}  // namespace petrel::engine
