/// ParleyKeyring: the key hierarchy, envelope and streaming encryption, blind indexes.
public enum ParleyKeyring {}
