//! Email checks: syntax, free-mail and disposable domains, role accounts.
//!
//! The lists are short on purpose: they cover the domains that make up nearly all free and
//! throwaway sign-ups in B2B forms. A model can name more with `domain_in`.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

const FREE: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.co.uk",
    "yahoo.fr",
    "yahoo.de",
    "yahoo.es",
    "yahoo.it",
    "yahoo.co.jp",
    "yahoo.com.br",
    "ymail.com",
    "rocketmail.com",
    "hotmail.com",
    "hotmail.co.uk",
    "hotmail.fr",
    "hotmail.de",
    "hotmail.it",
    "hotmail.es",
    "outlook.com",
    "outlook.de",
    "outlook.fr",
    "live.com",
    "live.co.uk",
    "live.fr",
    "msn.com",
    "aol.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "proton.me",
    "protonmail.com",
    "pm.me",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "gmx.at",
    "gmx.ch",
    "web.de",
    "t-online.de",
    "freenet.de",
    "mail.com",
    "email.com",
    "zoho.com",
    "zohomail.com",
    "yandex.com",
    "yandex.ru",
    "mail.ru",
    "inbox.ru",
    "list.ru",
    "bk.ru",
    "rambler.ru",
    "qq.com",
    "163.com",
    "126.com",
    "sina.com",
    "naver.com",
    "daum.net",
    "hanmail.net",
    "rediffmail.com",
    "orange.fr",
    "wanadoo.fr",
    "free.fr",
    "laposte.net",
    "sfr.fr",
    "libero.it",
    "virgilio.it",
    "tiscali.it",
    "alice.it",
    "seznam.cz",
    "wp.pl",
    "o2.pl",
    "interia.pl",
    "onet.pl",
    "bluewin.ch",
    "comcast.net",
    "verizon.net",
    "att.net",
    "sbcglobal.net",
    "bellsouth.net",
    "cox.net",
    "charter.net",
    "earthlink.net",
    "btinternet.com",
    "sky.com",
    "virginmedia.com",
    "ntlworld.com",
    "shaw.ca",
    "rogers.com",
    "sympatico.ca",
    "bigpond.com",
    "optusnet.com.au",
    "uol.com.br",
    "bol.com.br",
    "terra.com.br",
    "hey.com",
    "fastmail.com",
    "tutanota.com",
    "tuta.io",
    "hushmail.com",
    "inbox.com",
    "aim.com",
];

const DISPOSABLE: &[&str] = &[
    "mailinator.com",
    "mailinator.net",
    "10minutemail.com",
    "10minutemail.net",
    "guerrillamail.com",
    "guerrillamail.net",
    "guerrillamail.org",
    "guerrillamailblock.com",
    "sharklasers.com",
    "grr.la",
    "pokemail.net",
    "spam4.me",
    "yopmail.com",
    "yopmail.fr",
    "yopmail.net",
    "tempmail.com",
    "temp-mail.org",
    "temp-mail.io",
    "tempmail.net",
    "tempmailo.com",
    "tempr.email",
    "throwawaymail.com",
    "trashmail.com",
    "trashmail.de",
    "trashmail.net",
    "getnada.com",
    "nada.email",
    "dispostable.com",
    "maildrop.cc",
    "mailnesia.com",
    "mintemail.com",
    "mohmal.com",
    "mytemp.email",
    "fakeinbox.com",
    "fakemail.net",
    "emailondeck.com",
    "burnermail.io",
    "spamgourmet.com",
    "mailcatch.com",
    "mailpoof.com",
    "moakt.com",
    "tmail.ws",
    "tmpmail.org",
    "tmpmail.net",
    "33mail.com",
    "anonaddy.me",
    "inboxkitten.com",
    "harakirimail.com",
    "jetable.org",
    "spambox.us",
    "spamex.com",
    "mailforspam.com",
    "incognitomail.org",
    "discard.email",
    "discardmail.com",
    "dropmail.me",
    "emailfake.com",
    "fakemailgenerator.com",
    "generator.email",
    "mail-temp.com",
    "minutemail.com",
    "mailtemp.net",
    "owlymail.com",
    "tempinbox.com",
    "trbvm.com",
    "wegwerfmail.de",
    "wegwerfmail.net",
    "einrot.com",
    "armyspy.com",
    "cuvox.de",
    "dayrep.com",
    "fleckens.hu",
    "gustr.com",
    "jourrapide.com",
    "rhyta.com",
    "superrito.com",
    "teleworm.us",
    "byom.de",
    "mailbox52.ga",
    "0-mail.com",
    "0815.ru",
    "1secmail.com",
    "1secmail.net",
    "1secmail.org",
    "emltmp.com",
    "linshiyouxiang.net",
    "tempail.com",
    "luxusmail.org",
    "zetmail.com",
];

const ROLE: &[&str] = &[
    "info",
    "sales",
    "support",
    "admin",
    "administrator",
    "contact",
    "hello",
    "hi",
    "office",
    "marketing",
    "noreply",
    "no-reply",
    "donotreply",
    "help",
    "billing",
    "accounts",
    "accounting",
    "finance",
    "hr",
    "jobs",
    "careers",
    "team",
    "webmaster",
    "postmaster",
    "hostmaster",
    "abuse",
    "enquiries",
    "inquiries",
    "service",
    "customerservice",
    "press",
    "media",
    "legal",
    "privacy",
    "security",
    "it",
    "orders",
    "mail",
    "general",
    "reception",
    "feedback",
    "newsletter",
];

fn set(
    list: &'static [&'static str],
    cell: &'static OnceLock<FxHashSet<&'static str>>,
) -> &'static FxHashSet<&'static str> {
    cell.get_or_init(|| list.iter().copied().collect())
}

/// Free and disposable domains in one map (one look-up per address): bit 1 free, bit 2
/// disposable.
fn domain_kinds() -> &'static FxHashMap<&'static str, u8> {
    static CELL: OnceLock<FxHashMap<&'static str, u8>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut kinds = FxHashMap::default();
        for (list, bit) in [(FREE, FREE_BIT), (DISPOSABLE, DISPOSABLE_BIT)] {
            for domain in list {
                *kinds.entry(*domain).or_insert(0) |= bit;
            }
        }
        kinds
    })
}

const FREE_BIT: u8 = 1;
const DISPOSABLE_BIT: u8 = 2;

fn role_locals() -> &'static FxHashSet<&'static str> {
    static CELL: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    set(ROLE, &CELL)
}

/// Bit `c - 'a'` of entry `n` is set when some role account has `n` bytes and starts with
/// `c`. Checked before hashing a local part, since nearly every local part of a file fails
/// it ("lead12345" has 9 bytes: no 9-byte role account starts with 'l'). Built at compile
/// time; a role account that is not 1-15 bytes starting with 'a'..='z' fails the build.
const ROLE_SHAPES: [u32; 16] = {
    let mut shapes = [0u32; 16];
    let mut i = 0;
    while i < ROLE.len() {
        let word = ROLE[i].as_bytes();
        assert!(word[0].is_ascii_lowercase());
        shapes[word.len()] |= 1 << (word[0] - b'a');
        i += 1;
    }
    shapes
};

fn is_role(local: &str) -> bool {
    let bytes = local.as_bytes();
    let shaped = match bytes.first() {
        Some(&first) if first.is_ascii_lowercase() && bytes.len() < ROLE_SHAPES.len() => {
            ROLE_SHAPES[bytes.len()] >> (first - b'a') & 1 == 1
        }
        _ => false,
    };
    shaped && role_locals().contains(local)
}

/// What is known about one (lowercased, trimmed) address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EmailFacts {
    pub valid: bool,
    pub free: bool,
    pub disposable: bool,
    pub role: bool,
    /// Where the domain starts in the address (after the '@'), when valid: domain tests
    /// then need not split the address again.
    pub domain_at: u16,
}

/// Split a lowercased address into (local, domain) if it is syntactically valid.
pub fn split_valid(address: &str) -> Option<(&str, &str)> {
    let (local, domain) = split_local(address)?;
    domain_ok(domain).then_some((local, domain))
}

/// Split at the last '@' when the local part is valid (the domain is not checked).
fn split_local(address: &str) -> Option<(&str, &str)> {
    // memchr's search, not a byte loop: this runs for every address of a file.
    let at = memchr::memrchr(b'@', address.as_bytes())?;
    let (local, domain) = (&address[..at], &address[at + 1..]);
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && if local.is_ascii() {
            ascii_local_ok(local.as_bytes())
        } else {
            !local.contains("..")
                && local.chars().all(|c| {
                    if c.is_ascii() {
                        local_byte(c as u8)
                    } else {
                        c.is_alphanumeric()
                    }
                })
        };
    local_ok.then_some((local, domain))
}

/// A syntactically valid domain: labels of letters, digits and inner hyphens, an alphabetic
/// top-level label.
fn domain_ok(domain: &str) -> bool {
    if domain.len() > 253 {
        return false;
    }
    if domain.is_ascii() {
        labels_ok(domain.as_bytes().split(|b| *b == b'.'), |l| {
            l.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }) && domain
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
    } else {
        labels_ok(domain.split('.').map(str::as_bytes), |l| {
            std::str::from_utf8(l).is_ok_and(|l| l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        }) && domain
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic))
    }
}

/// The ASCII characters RFC 5322 allows unquoted in a local part, as a table (this runs for
/// every address of a file).
const LOCAL_BYTES: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric();
        b += 1;
    }
    let extra = b"._-+'!#$%&*/=?^`{|}~";
    let mut i = 0;
    while i < extra.len() {
        table[extra[i] as usize] = true;
        i += 1;
    }
    table
};

fn local_byte(b: u8) -> bool {
    LOCAL_BYTES.get(usize::from(b)).copied().unwrap_or(false)
}

/// An ASCII local part: allowed bytes only, and no two dots in a row, in one pass.
fn ascii_local_ok(local: &[u8]) -> bool {
    let mut previous_dot = false;
    local.iter().all(|&b| {
        let dot = b == b'.';
        let ok = local_byte(b) && !(dot && previous_dot);
        previous_dot = dot;
        ok
    })
}

/// At least two labels, each 1 to 63 bytes of `chars_ok` not starting or ending with '-'.
fn labels_ok<'a>(labels: impl Iterator<Item = &'a [u8]>, chars_ok: impl Fn(&[u8]) -> bool) -> bool {
    let mut count = 0;
    for label in labels {
        let ok = !label.is_empty()
            && label.len() <= 63
            && label[0] != b'-'
            && label[label.len() - 1] != b'-'
            && chars_ok(label);
        if !ok {
            return false;
        }
        count += 1;
    }
    count >= 2
}

/// What is known about a (lowercased) domain alone: the same for every address at it, so
/// batch scoring can remember it per domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DomainFacts {
    pub valid: bool,
    pub free: bool,
    pub disposable: bool,
}

pub fn domain_facts(domain: &str) -> DomainFacts {
    if !domain_ok(domain) {
        return DomainFacts::default();
    }
    let kind = domain_kinds().get(domain).copied().unwrap_or(0);
    DomainFacts {
        valid: true,
        free: kind & FREE_BIT != 0,
        disposable: kind & DISPOSABLE_BIT != 0,
    }
}

#[cfg(test)]
pub fn facts(address: &str) -> EmailFacts {
    facts_with(address, domain_facts)
}

/// [`facts`], with the domain's facts from `domain` (e.g. a memo of [`domain_facts`]).
pub fn facts_with(address: &str, domain: impl FnOnce(&str) -> DomainFacts) -> EmailFacts {
    let Some((local, domain_part)) = split_local(address) else {
        return EmailFacts::default();
    };
    let d = domain(domain_part);
    if !d.valid {
        return EmailFacts::default();
    }
    // "sales+eu" is the role account "sales". A byte search: `str::split` costs several
    // times as much on local parts this short, and this runs for every address of a file.
    let plus = local.bytes().position(|b| b == b'+');
    let base_local = plus.map_or(local, |at| &local[..at]);
    EmailFacts {
        valid: true,
        free: d.free,
        disposable: d.disposable,
        role: is_role(base_local),
        // The local part is at most 64 bytes (split_local), so this fits.
        domain_at: u16::try_from(local.len() + 1).unwrap_or(u16::MAX),
    }
}

/// Is `found` true for the domain or one of its parent domains? For "eu.mail.rival.com" it
/// asks about that, "mail.rival.com" and "rival.com" (never the bare TLD), stopping at the
/// first yes.
pub fn domain_or_parent(domain: &str, mut found: impl FnMut(&str) -> bool) -> bool {
    if found(domain) {
        return true;
    }
    let Some(last_dot) = domain.rfind('.') else {
        return false;
    };
    // '.' is ASCII, so the byte after it starts a character.
    (domain.as_bytes()[..last_dot].iter().enumerate())
        .any(|(i, b)| *b == b'.' && found(&domain[i + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_account_passes_the_shape_filter() {
        for word in ROLE {
            assert!(is_role(word), "{word}");
        }
        for word in ["lead12345", "ada", "informal", "", "Info", "9info", "é"] {
            assert!(!is_role(word), "{word}");
        }
    }

    #[test]
    fn classifies_addresses() {
        assert_eq!(
            facts("ada@gmail.com"),
            EmailFacts {
                valid: true,
                free: true,
                disposable: false,
                role: false,
                domain_at: 4
            }
        );
        assert!(facts("x@mailinator.com").disposable);
        assert!(facts("info@acme.io").role);
        assert!(facts("sales+eu@acme.io").role);
        assert!(!facts("ada@acme.io").role);
        for bad in [
            "",
            "ada",
            "ada@",
            "@acme.io",
            "ada@acme",
            "ada@@acme.io",
            "a..b@acme.io",
            "ada@acme.123",
            "ada@-x.com",
        ] {
            assert!(!facts(bad).valid, "{bad}");
        }
        assert!(facts("josé.núñez@empresa.es").valid);
    }

    #[test]
    fn parent_domains() {
        let asked = |domain: &str| {
            let mut seen = Vec::new();
            domain_or_parent(domain, |d| {
                seen.push(d.to_string());
                false
            });
            seen
        };
        assert_eq!(
            asked("eu.mail.rival.com"),
            ["eu.mail.rival.com", "mail.rival.com", "rival.com"]
        );
        assert_eq!(asked("rival.com"), ["rival.com"]);
        assert_eq!(asked("localhost"), ["localhost"]);
        assert!(domain_or_parent("eu.rival.com", |d| d == "rival.com"));
        assert_eq!(facts("ada@eu.rival.com").domain_at, 4);
    }
}
