"""The words of a shared explorer: signing in, the signed-in user and their role.
"""

__all__ = ["TEXT"]

TEXT = {
    "explorer.team.title": {"en": "Sign in", "zh": "登录"},
    "explorer.team.help": {
        "en": "This explorer is shared by your team. Sign in with your company account to "
              "see the accounts you have a role for.",
        "zh": "此客户分析工具由团队共享。请用公司账号登录，查看你有权限的客户。",
    },
    "explorer.team.sign_in": {"en": "Sign in with your company account",
                              "zh": "使用公司账号登录"},
    "explorer.team.sign_in_with": {"en": "Sign in with {provider}", "zh": "通过 {provider} 登录"},
    "explorer.team.signed_in": {"en": "Signed in as {user}", "zh": "已登录：{user}"},
    "explorer.team.role": {"en": "Your role for this account: {role}",
                           "zh": "你对此客户的权限：{role}"},
    "explorer.team.role.viewer": {"en": "viewer (read only)", "zh": "查看者（只读）"},
    "explorer.team.role.editor": {"en": "editor", "zh": "编辑者"},
    "explorer.team.role.admin": {"en": "admin", "zh": "管理员"},
    "explorer.team.sign_out": {"en": "Sign out", "zh": "退出登录"},
    "explorer.team.no_role": {
        "en": "{user} has no role in this explorer's access file. Ask whoever keeps the "
              "file to add you, then sign in again.",
        "zh": "访问文件中没有为 {user} 设置任何权限。请联系维护该文件的同事添加，然后重新登录。",
    },
    "explorer.team.no_email": {
        "en": "Your sign-in did not give a verified email address, which the access file "
              "needs to find your role. Ask your administrator.",
        "zh": "登录结果中没有经过验证的邮箱地址，无法在访问文件中找到你的权限。请联系管理员。",
    },
    "explorer.team.read_only": {
        "en": "Read only: you are a viewer of this account, so nothing here can be edited "
              "or saved.",
        "zh": "只读：你是此客户的查看者，不能编辑或保存。",
    },
    "explorer.team.setup_error": {
        "en": "Sign-in is not set up correctly: {detail}",
        "zh": "登录设置有误：{detail}",
    },
}
