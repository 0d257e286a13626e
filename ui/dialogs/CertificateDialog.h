#pragma once
#include <wx/dialog.h>

#include <optional>
#include <string>
#include <vector>

#include "net/CertificateInfo.h"
#include "net/TrustVerdict.h"

class wxButton;
class wxStaticText;

namespace petrel::ui {

// "Do you trust this server certificate?": the SHA-256 fingerprint as grouped hex (the form
// openssl and browsers print, to compare with what the provider publishes), subject, issuer,
// validity, the other names it is valid for, and why it was refused. Trust = wxID_OK; the
// default button is Cancel. A changed pin gets the alarming wording.
class CertificateDialog : public wxDialog {
public:
    struct Details {
        std::string host;
        net::TrustProblem problem = net::TrustProblem::NotTrusted;
        std::string problemText;  // used when no TrustProblem is known (questions from a job)
        std::string headline;     // replaces the standard headline when set
        std::string sha256;       // lowercase hex, as pinned
        // Absent when only the fingerprint is known (a question posted by a job).
        std::optional<net::CertificateInfo> certificate;
    };

    CertificateDialog(wxWindow* parent, const Details& details);

    // "AB:CD:…" in two lines of 16 bytes; what the user compares.
    static wxString groupedFingerprint(const std::string& sha256);
    // One sentence a user can act on, per reason.
    static wxString problemSentence(net::TrustProblem problem, const wxString& host);

    // For tests: the fingerprint as shown, and the buttons.
    wxString shownFingerprint() const;
    wxButton* trustButton() const { return trust_; }
    wxButton* cancelButton() const { return cancel_; }

private:
    wxStaticText* fingerprint_ = nullptr;
    wxButton* trust_ = nullptr;
    wxButton* cancel_ = nullptr;
};

}  // namespace petrel::ui
