package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.api.model.AuthInfo;
import java.util.Optional;

/**
 * A kubeconfig user's exec credential plugin ({@code users[].user.exec}): the program
 * kubectl (and fabric8) runs to get a token, such as {@code gke-gcloud-auth-plugin},
 * {@code aws}, or {@code kubelogin}. Knows how each common one is installed.
 */
public record ExecPlugin(String command, String installHint) {

    static Optional<ExecPlugin> ofUser(AuthInfo user) {
        if (user == null || user.getExec() == null || user.getExec().getCommand() == null
                || user.getExec().getCommand().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ExecPlugin(user.getExec().getCommand(), user.getExec().getInstallHint()));
    }

    /** A message if the plugin cannot be found on PATH, else empty. */
    public Optional<String> missingMessage(String userName, ExecutableLookup executables) {
        if (executables.find(command).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("The kubeconfig user \"" + userName + "\" gets its credentials by running `" + command
                + "`, which is not installed or not on PATH. " + howToInstall());
    }

    public String howToInstall() {
        String base = baseName(command);
        String known = switch (base) {
            case "gke-gcloud-auth-plugin" ->
                    "Install it with `gcloud components install gke-gcloud-auth-plugin` (or your OS package"
                            + " google-cloud-cli-gke-gcloud-auth-plugin), then make sure it is on PATH.";
            case "aws" -> "Install the AWS CLI v2 and make sure `aws` is on PATH.";
            case "aws-iam-authenticator" -> "Install aws-iam-authenticator and make sure it is on PATH.";
            case "kubelogin" -> "Install kubelogin (`az aks install-cli`, or from its releases) and make sure it is on PATH.";
            case "oci" -> "Install the OCI CLI and make sure `oci` is on PATH.";
            case "doctl" -> "Install doctl and make sure it is on PATH.";
            default -> null;
        };
        if (known != null) {
            return known;
        }
        if (installHint != null && !installHint.isBlank()) {
            return "The kubeconfig says: " + installHint.strip();
        }
        return "Install it, or put its directory on PATH, and try again.";
    }

    /** How to log in again when the plugin fails for a user who is logged out or whose session ended. */
    public String loginHint() {
        return switch (baseName(command)) {
            case "gke-gcloud-auth-plugin" -> "Log in again with `gcloud auth login` and reconnect.";
            case "aws" -> "Log in again (for example `aws sso login`, or check `aws sts get-caller-identity`) and reconnect.";
            case "aws-iam-authenticator" -> "Check your AWS credentials (`aws sts get-caller-identity`) and reconnect.";
            case "kubelogin" -> "Log in again (`az login`, or `kubelogin remove-tokens` to start a fresh login) and reconnect.";
            case "oci" -> "Renew your OCI session (`oci session authenticate`) and reconnect.";
            case "doctl" -> "Log in again with `doctl auth init` and reconnect.";
            default -> "Run it in a terminal to see what it needs (usually a fresh login), then reconnect.";
        };
    }

    private static String baseName(String cmd) {
        String name = cmd.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        return name.endsWith(".exe") ? name.substring(0, name.length() - 4) : name;
    }
}
