#pragma once

namespace petrel::net {

// vmime keeps its platform handler in a plain static pointer that every socket, charset
// conversion and random-number call reads. Setting it while another thread uses vmime is a
// data race, so it is set exactly once, before anything else touches vmime.
class VmimePlatform {
public:
    // Installs vmime's POSIX handler on the first call; later calls (from any thread) wait for
    // that first call to finish and then do nothing.
    static void ensureInitialized();
};

}  // namespace petrel::net
