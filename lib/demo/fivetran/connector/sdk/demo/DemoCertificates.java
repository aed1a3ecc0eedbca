package fivetran.connector.sdk.demo;

/**
 * Test key material of the example API's TLS endpoint, generated once with keytool (EC P-256, valid until 2125).
 * Nothing here protects anything: the password and keys are public, for local tests and examples only.
 */
final class DemoCertificates {
    /** The password of the keystores below and of the example's client keystore. */
    static final String PASSWORD = "demo-only";

    /** A PKCS#12 keystore, base64: the server's key and its self-signed certificate for 127.0.0.1 and localhost. */
    static final String SERVER_KEYSTORE = "MIIEYAIBAzCCBAoGCSqGSIb3DQEHAaCCA/sEggP3MIID8zCCASoGCSqGSIb3DQEHAaCCARsEggEXMIIBEzCCAQ8GCyqGSIb3DQEM"
            + "CgECoIG9MIG6MGYGCSqGSIb3DQEFDTBZMDgGCSqGSIb3DQEFDDArBBQD6mwfJ1T7yYJzBR2JM7vmMqnz1QICJxACASAwDAYIKoZI"
            + "hvcNAgkFADAdBglghkgBZQMEASoEELEmoD3CLWTqrYBur18zfvUEUMGJmaNptYEukgPZkhk9pRYL/XMiHmyFy/7hOtZBEFQQrAj6"
            + "aesuLYAFjgkhKvGZg8aJAdfjElwjFmINA4p4Yl1ym1S7+G4Z4B8EZdI4BMuXMUAwGwYJKoZIhvcNAQkUMQ4eDABzAGUAcgB2AGUA"
            + "cjAhBgkqhkiG9w0BCRUxFAQSVGltZSAxNzk1MjM1MzQ0MTA4MIICwQYJKoZIhvcNAQcGoIICsjCCAq4CAQAwggKnBgkqhkiG9w0B"
            + "BwEwZgYJKoZIhvcNAQUNMFkwOAYJKoZIhvcNAQUMMCsEFCRsl7grhdV10iSTsxdiUScK1wIDAgInEAIBIDAMBggqhkiG9w0CCQUA"
            + "MB0GCWCGSAFlAwQBKgQQi4gaRCOMOGWP7vpPqJLWCICCAjCaA1yplIM1aiiHSgFS18cUoKvyc8uXjzrUPKN8HuRwqLkZ9C7Afg+r"
            + "5eF69lCATCIXVv7qx8qViRbYwHSrWQxmgOivGu5QQFbsbMgF6+xpokf4MmZkfMDTukIdw3QcRbfzCnpm8o86H9e3edzOpfh6pSTf"
            + "grNfWksxE5m5c979KM2Q2lhQdPyhXU2Ipzo5VMPQLWHmGDEvmPqZU4/B2zlp4jhkLuHu6N707oAVU5GRGtjl8gxfS0rAb5IBZ4Vn"
            + "jSxrHod8prnzw+0bobSPgYsaQ7P+c+GNCQCbBCGd0heyvwXVmmBEWOnYM/C/LkAxb490FAy3meGkZpuX3cyND9HNfv4YA4Icvjtm"
            + "VThA881ailS4q9XU+c4blkoZnumPhR5DAnQOKWSC4ymglM0rDzPm8RuCfBpgdVXszEyLYGXiJMsth7yD30FjdFR/bwsXWa1TXufh"
            + "mg9F1338C/22BhLlP+nMdBeeQNOuYr2nWNv307NaT9W3IpSWLLIA/TSr/rgJYB19WLasFmazKM9FZd19MamHs4TEnXiZByvfKGvI"
            + "uRSz+ZrGnHaOxv+vQIoqUUL/HU5KpkupEQmeDaAKrPDDu1TsF1ckMd6Groktkh0133je9/3quUKQFHp43jRhC7I/+7gz/LeGZfRP"
            + "hg4LansABMMCB1xz6u2Kegkqh64NpXhORu7nmWPFUdKsn5KG0VqX5kBmrsb9n7H2Gk5cQYlgG+bs2aOr+/JPivhd11+nqzBNMDEw"
            + "DQYJYIZIAWUDBAIBBQAEIH5OEnSVTDeVNKHJ5VS2GaXYV2TfOIFZd7l9OcTfZbiEBBQp4oLxwObZYeYa+ZmnWGAbgwaYJgICJxA=";

    /** The client certificate the server trusts (PEM, base64); its key is in examples/patterns/authentication/certificate/using_base64_encoded_certificate/configuration.json. */
    static final String TRUSTED_CLIENT = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJuVENDQVVPZ0F3SUJBZ0lJU1lCWU1ucmRsRjR3Q2dZSUtvWkl6ajBFQXdJ"
            + "d1FqRW5NQ1VHQTFVRUNoTWUNClEyOXVibVZqZEc5eUlGTkVTeUJrWlcxdklDaDBaWE4wSUc5dWJIa3BNUmN3RlFZRFZRUURFdzVr"
            + "WlcxdkxXTnYNCmJtNWxZM1J2Y2pBZ0Z3MHlOakV4TWpFd05ESTVNRFZhR0E4eU1USTJNVEF5T0RBME1qa3dOVm93UWpFbk1DVUcN"
            + "CkExVUVDaE1lUTI5dWJtVmpkRzl5SUZORVN5QmtaVzF2SUNoMFpYTjBJRzl1YkhrcE1SY3dGUVlEVlFRREV3NWsNClpXMXZMV052"
            + "Ym01bFkzUnZjakJaTUJNR0J5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSEEwSUFCT2hSMkpyRE5RTkwNCjVVMUJ3Mmk5aVExdEYvYTRF"
            + "Qlp1bVpjMW1tYkJ1L1oyK3FobzhDeWFoVzhKMWhKUHA1dTVkdkhzNno1M0pIUkcNClJueTRycFFyWUwraklUQWZNQjBHQTFVZERn"
            + "UVdCQlNWb29uUVdGSFhLQkowN3BabFBnMnVRRDRHQWpBS0JnZ3ENCmhrak9QUVFEQWdOSUFEQkZBaUVBN0pSR3BSVXQ3Wk9qRDBv"
            + "SDBveFdtOVhuKzZjbUZVc1hkeHBSWW92eTNta0MNCklCQkhMeHR5R2tZOUk5UEc3a0p5UGNQaVVKRU81dzVlWEphbEV5ZnVlMzJz"
            + "Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K";

    private DemoCertificates() {
    }
}
